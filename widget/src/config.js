// Reads the settings from the widget's own <script> tag:
//   <script async src="https://HOST/widget.js" data-site="KEY"
//           data-consent="keep|session|ask" data-spa="off"></script>

/** The tag's dataset plus the server's `origin`; call synchronously at load. */
export function readConfig() {
  // currentScript is only set while this file first runs.
  const tag = document.currentScript || document.querySelector("script[data-site]");
  return Object.assign({ origin: new URL(tag.src).origin }, tag.dataset);
}
