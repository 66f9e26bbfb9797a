// Changing the site's funnels from the reports page, for those whose role allows it
// (admins and owners): a form that defines one by its steps (pages or events, in order,
// within a session or a visitor's day), and on each card a rename and a delete. Each
// goes through the JSON API (POST, PATCH, DELETE /api/sites/<key>/funnels) with the
// page's CSRF token; the API's errors are shown next to the field they name
// (`name`, `scope`, `steps`, `steps.<i>.page`...). Everything typed goes in as text (h()).

import { h } from "./dom.js";

const MAX_STEPS = 8; // funnels/schemas.py
const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

/** Sends a change; resolves to {ok} or {message, fields} from the one JSON error shape. */
async function change(method, url, body) {
  const headers = { Accept: "application/json", "X-CSRF-Token": csrf() };
  if (body) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method, headers, body: body && JSON.stringify(body) });
  } catch (e) {
    return { message: "The server could not be reached; try again." };
  }
  if (response.ok) return { ok: true };
  const answer = await response.json().catch(() => ({}));
  const error = answer.error || {};
  return { message: error.message || `The change was refused (${response.status}).`, fields: error.fields || {} };
}

/** A place for the error of `field`, right after its input. */
const errorSlot = (field) => h("p", { className: "field-error", dataset: { errorFor: field }, role: "alert", hidden: true });

/** Shows each error in its slot; what names no slot of `form` goes to its form-level one. */
function showErrors(form, result) {
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.hidden = true;
    slot.textContent = "";
    slot.closest(".field")?.classList.remove("has-error");
  }
  if (result.ok) return;
  const left = [];
  for (const [field, message] of Object.entries(result.fields || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (!slot) left.push(message);
    else {
      slot.textContent = message;
      slot.hidden = false;
      slot.closest(".field")?.classList.add("has-error");
    }
  }
  const general = form.querySelector('[data-error-for="_form"]');
  general.textContent = left.length ? `${result.message}: ${left.join("; ")}` : Object.keys(result.fields || {}).length ? "" : result.message;
  general.hidden = !general.textContent;
}

function stepRow(index, remove) {
  const kind = h("select", { name: "kind", "aria-label": `Step ${index + 1}: page or event` },
    h("option", { value: "page", text: "Page" }), h("option", { value: "event", text: "Event" }));
  const value = h("input", { name: "value", required: true, maxlength: 200, "aria-label": `Step ${index + 1}: pattern or event name`, placeholder: "/products/*" });
  kind.addEventListener("change", () => { value.placeholder = kind.value === "page" ? "/products/*" : "add_to_cart"; });
  const row = h("li", { className: "field funnel-step" },
    h("div", { className: "funnel-step-line" }, kind, value,
      h("button", { type: "button", className: "button small ghost", text: "Remove", "aria-label": `Remove step ${index + 1}`, on: { click: () => remove(row) } })),
    errorSlot(`steps.${index}.page`), errorSlot(`steps.${index}.event`), errorSlot(`steps.${index}`));
  return row;
}

/** The form defining a new funnel; `saved()` once the API took it. */
export function funnelForm(site, saved) {
  const steps = h("ol", { className: "funnel-steps" });
  const renumber = () => {
    [...steps.children].forEach((row, i) => {
      row.querySelectorAll("[data-error-for]").forEach((slot) => { slot.dataset.errorFor = slot.dataset.errorFor.replace(/^steps\.\d+/, `steps.${i}`); });
      row.querySelector("select").setAttribute("aria-label", `Step ${i + 1}: page or event`);
      row.querySelector("input").setAttribute("aria-label", `Step ${i + 1}: pattern or event name`);
    });
    add.disabled = steps.children.length >= MAX_STEPS;
  };
  const remove = (row) => { if (steps.children.length > 2) row.remove(); renumber(); };
  const add = h("button", { type: "button", className: "button small ghost", text: "Add a step", on: { click: () => { steps.append(stepRow(steps.children.length, remove)); renumber(); } } });
  steps.append(stepRow(0, remove), stepRow(1, remove));
  const form = h("form", { className: "funnel-form", "aria-label": "Define a funnel", noValidate: true },
    h("div", { className: "grid-form" },
      h("div", { className: "field" }, h("label", { for: "funnel-name", text: "Name" }), h("input", { id: "funnel-name", name: "name", maxlength: 80, required: true, placeholder: "Shirts to checkout" }), errorSlot("name")),
      h("div", { className: "field" }, h("label", { for: "funnel-scope", text: "Steps count" }),
        h("select", { id: "funnel-scope", name: "scope" }, h("option", { value: "session", text: "within a session" }), h("option", { value: "day", text: "within a visitor's day" })),
        errorSlot("scope"))),
    h("div", { className: "field" }, h("span", { className: "label", text: "Steps, in order" }),
      h("p", { className: "hint", text: "A page is a path; * stands for any run of characters (/products/*). An event is its name (add_to_cart). Steps can't change later: the counts start when the funnel is saved." }),
      steps, errorSlot("steps")),
    errorSlot("_form"),
    h("div", { className: "actions" }, add, h("button", { type: "submit", className: "button small", text: "Save funnel" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      name: form.elements.name.value.trim(), scope: form.elements.scope.value,
      steps: [...steps.children].map((row) => ({ [row.querySelector("select").value]: row.querySelector("input").value.trim() })),
    };
    const result = await change("POST", `/api/sites/${site}/funnels`, body);
    showErrors(form, result);
    if (result.ok) saved();
  });
  return h("details", { className: "report-card wide funnel-new no-print" }, h("summary", { text: "Define a funnel" }), form);
}

/** A card's rename and delete (the cart funnel can only be renamed). */
export function funnelControls(site, funnel, changed) {
  const url = `/api/sites/${site}/funnels/${funnel.id}`;
  const rename = h("form", { className: "funnel-rename", hidden: true, "aria-label": `Rename ${funnel.name}`, noValidate: true },
    h("div", { className: "field" }, h("label", { for: `funnel-${funnel.id}-name`, text: "New name" }),
      h("input", { id: `funnel-${funnel.id}-name`, name: "name", maxlength: 80, value: funnel.name }), errorSlot("name")),
    errorSlot("_form"),
    h("div", { className: "actions" }, h("button", { type: "submit", className: "button small", text: "Save name" }),
      h("button", { type: "button", className: "button small ghost", text: "Cancel", on: { click: () => { rename.hidden = true; } } })));
  rename.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await change("PATCH", url, { name: rename.elements.name.value.trim() });
    showErrors(rename, result);
    if (result.ok) changed();
  });
  const ask = h("form", { className: "funnel-delete", hidden: true, "aria-label": `Delete ${funnel.name}` },
    h("p", { text: "Delete this funnel and its counts? This can't be undone." }), errorSlot("_form"),
    h("div", { className: "actions" }, h("button", { type: "submit", className: "button small danger", text: "Delete funnel" }),
      h("button", { type: "button", className: "button small ghost", text: "Keep it", on: { click: () => { ask.hidden = true; } } })));
  ask.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await change("DELETE", url);
    showErrors(ask, result);
    if (result.ok) changed();
  });
  const buttons = h("span", { className: "funnel-buttons no-print" },
    h("button", { type: "button", className: "button small ghost", text: "Rename", on: { click: () => { rename.hidden = false; ask.hidden = true; rename.elements.name.focus(); } } }),
    funnel.kind === "cart" ? null : h("button", { type: "button", className: "button small ghost", text: "Delete", on: { click: () => { ask.hidden = false; rename.hidden = true; } } }));
  return { buttons, forms: funnel.kind === "cart" ? [rename] : [rename, ask] };
}
