// Reads the settings from the widget's own <script> tag:
//   <script async src="https://HOST/widget.js" data-site="KEY"
//           data-consent="keep|session|ask" data-spa="off"></script>

/** `{origin, site, consent, spa}`: call while the script first runs (currentScript). */
export function readConfig() {
  const tag = document.currentScript || document.querySelector("script[data-site]");
  return Object.assign({ origin: new URL(tag.src).origin }, tag.dataset);
}
