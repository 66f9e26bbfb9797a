// The broadcast composer: a message to every shopper on the site now, or only those on
// pages matching a pattern, on a device, in a country; now or at a set time, for a
// while. Below it, the broadcasts running or scheduled, which admins may cancel.

import { ask } from "./connection.js";
import { ICONS, h, icon } from "./dom.js";
import { time } from "./format.js";

const DURATIONS = [["15 minutes", 900], ["1 hour", 3600], ["4 hours", 14400], ["24 hours", 86400], ["7 days", 604800]];
let fieldIds = 0;

function field(label, control, hint) {
  const id = "st-b" + ++fieldIds;
  control.id = id;
  return h("div", {}, h("label", { htmlFor: id }, label), control, hint ? h("p", { className: "hint" }, hint) : null);
}

/** `options`: {canWrite}. Returns {el, list(broadcasts)}. */
export function broadcastComposer(socket, options) {
  const text = h("textarea", { rows: 3, maxLength: 500, required: true, placeholder: "Free shipping on every order until midnight!" });
  const counter = h("p", { className: "hint counter" }, "0 / 500");
  const path = h("input", { type: "text", maxLength: 200, placeholder: "/products/*", spellcheck: false });
  const device = h("select", {}, ...[["", "Any"], ["mobile", "Mobile"], ["tablet", "Tablet"], ["desktop", "Desktop"]].map(([v, t]) => h("option", { value: v }, t)));
  const country = h("input", { type: "text", maxLength: 2, placeholder: "FR", autocapitalize: "characters", spellcheck: false });
  const now = h("input", { type: "radio", name: "st-when", value: "now", checked: true });
  const later = h("input", { type: "radio", name: "st-when", value: "later" });
  const at = h("input", { type: "datetime-local", ariaLabel: "Start at", disabled: true });
  const duration = h("select", {}, ...DURATIONS.map(([t, v]) => h("option", { value: v }, t)));
  duration.value = "3600";
  const submit = h("button", { className: "btn primary", type: "submit", disabled: !options.canWrite }, icon(ICONS.megaphone, 16), "Send broadcast");
  const result = h("p", { className: "result", role: "status", hidden: true });
  const rows = h("ul", { className: "rows" });
  const empty = h("p", { className: "empty" }, "No broadcast running or scheduled.");

  text.addEventListener("input", () => (counter.textContent = `${text.value.length} / 500`));
  const toggleAt = () => {
    at.disabled = !later.checked;
    if (later.checked && !at.value) {
      const soon = new Date(Date.now() + 3600e3 - new Date().getTimezoneOffset() * 60e3);
      at.value = soon.toISOString().slice(0, 16);
    }
  };
  now.onchange = later.onchange = toggleAt;

  const form = h(
    "form",
    { className: "form" },
    h("div", {}, field("Message to shoppers", text), counter),
    h("div", { className: "grid3" }, field("Pages", path, "* matches anything"), field("Device", device), field("Country", country, "2 letters")),
    h("div", {}, h("label", {}, "When"), h("div", { className: "when" }, h("label", {}, now, "Now"), h("label", {}, later, "At"), at)),
    field("Shown for", duration),
    h("div", {}, submit),
    result,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!text.value.trim()) return text.focus();
    const data = { text: text.value, path: path.value.trim(), device: device.value, country: country.value.trim().toUpperCase() };
    const start = later.checked && at.value ? Math.round(new Date(at.value).getTime() / 1000) : Math.round(Date.now() / 1000);
    if (later.checked) data.starts_at = start;
    data.expires_at = start + Number(duration.value);
    submit.disabled = true;
    const ack = await ask(socket, "broadcast_send", data);
    submit.disabled = !options.canWrite;
    result.hidden = false;
    if (ack.error) {
      const fields = ack.error.fields || {};
      result.className = "result error";
      result.textContent = Object.keys(fields).length ? Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ") : ack.error.message;
      return result.scrollIntoView({ block: "nearest" });
    }
    const b = ack.broadcast;
    result.className = "result";
    result.textContent = b.state == "scheduled" ? `Scheduled for ${time(b.starts_at)}.` : `Sent to ${b.reached} shopper${b.reached == 1 ? "" : "s"} on the site now; new arrivals will see it until ${time(b.expires_at)}.`;
    text.value = "";
    text.dispatchEvent(new Event("input"));
    result.scrollIntoView({ block: "nearest" });
  });

  const el = h("div", {}, form, h("h3", { className: "section-title" }, "Running and scheduled"), empty, rows);
  if (!options.canWrite) form.prepend(h("p", { className: "result error" }, "You have a viewer's access: you can see broadcasts but not send them."));

  return {
    el,
    list(broadcasts) {
      empty.hidden = broadcasts.length > 0;
      rows.replaceChildren(
        ...broadcasts.map((b) => {
          const filters = [b.filters.path, b.filters.device, b.filters.country].filter(Boolean).join(" · ") || "Everyone";
          const cancel = h("button", { className: "btn small", type: "button", hidden: !options.canWrite }, "Cancel");
          cancel.onclick = async () => {
            cancel.disabled = true;
            const ack = await ask(socket, "broadcast_cancel", { id: b.id });
            if (ack.error) cancel.disabled = false;
          };
          const when = b.state == "scheduled" ? `Starts ${time(b.starts_at)}` : `Until ${time(b.expires_at)} · reached ${b.reached}`;
          return h(
            "li",
            { className: "row" },
            h("span", { className: "row-icon" }, icon(ICONS.megaphone, 16)),
            h("div", { className: "row-main" }, h("strong", { title: b.text }, b.text), h("span", {}, `${filters} · ${when}`)),
            h("div", { className: "row-side" }, h("span", { className: "chip " + b.state }, b.state), cancel),
          );
        }),
      );
    },
  };
}
