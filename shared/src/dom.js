// Building DOM without ever parsing HTML, the same in every front end (the widget's chat,
// the admin overlay, the dashboard): whatever shoppers or the server sent (names, URLs,
// messages) goes in as text.

/**
 * `h("button", {className: "x", onclick, ariaLabel: "y"}, "text", child, [more])`:
 * an element with its props set (see `attr`) and its children appended: strings as
 * text nodes, never markup; arrays flattened; null, undefined and false left out.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const key in props) attr(el, key, props[key]);
  for (const child of children.flat()) if (child != null && child !== false) el.append(child);
  return el;
}

const ARIA_OR_DATA = /^(aria|data)[A-Z]/;

/**
 * Sets one prop of `h` (null and undefined leave the element as it is):
 *   text          the element's text (textContent);
 *   dataset       {name: value}, merged into el.dataset;
 *   on            {event: listener}, each added with addEventListener;
 *   role, ariaX and dataX: attributes (ariaLabel is aria-label, dataRef data-ref),
 *                 removed when false;
 *   anything else: the element's property when it has one (className, hidden,
 *                 onclick, value, maxLength...), else an attribute ("aria-label",
 *                 inputmode), removed when false.
 */
export function attr(el, key, value) {
  if (value == null && (key == "text" || key == "dataset" || key == "on")) return;
  if (key == "text") el.textContent = value;
  else if (key == "dataset") Object.assign(el.dataset, value);
  else if (key == "on") for (const name in value) el.addEventListener(name, value[name]);
  else if (key == "role" || ARIA_OR_DATA.test(key) || !(key in el)) {
    const name = ARIA_OR_DATA.test(key) ? key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()) : key;
    if (value == null || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value);
  } else if (value != null) {
    el[key] = value;
  }
}

/**
 * `<tag>` at the end of `parent` (the page's body by default) with an open shadow root
 * holding `css`: a constructed stylesheet where the browser has them (a page's
 * Content-Security-Policy may refuse <style> elements), else a <style>. Returns the root.
 */
export function shadowHost(tag, css, parent) {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.append(h("style", { text: css }));
  }
  (parent || document.body || document.documentElement).append(host);
  return root;
}
