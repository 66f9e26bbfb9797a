// The admin web's only script: copy buttons, the site switcher, confirmations.
// Loaded from a file (no inline script) so a strict Content-Security-Policy holds.
"use strict";

(function () {
  document.documentElement.classList.add("js");

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http: fall back to a selected, off-screen textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function flashLabel(button, text) {
    var original = button.dataset.label || button.textContent;
    button.dataset.label = original;
    button.textContent = text;
    window.setTimeout(function () { button.textContent = original; }, 1600);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copy);
    if (!source) { return; }
    var text = "value" in source ? source.value : source.textContent;
    copyText(text.trim()).then(
      function () { flashLabel(button, "Copied"); },
      function () {
        if (source.select) { source.select(); }
        flashLabel(button, "Press Ctrl+C");
      }
    );
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.value && select.form) { select.form.submit(); }
  });

  // A search box with data-filter hides, as one types, the items it names whose
  // data-text does not hold the words typed (the form's ?q= does it without scripts).
  document.addEventListener("input", function (event) {
    var box = event.target.closest("input[data-filter]");
    if (!box) { return; }
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll(box.dataset.filter).forEach(function (item) {
      var text = item.dataset.text || "";
      item.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
    });
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
