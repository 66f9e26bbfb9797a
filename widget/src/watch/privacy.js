// What the recorder never records. Every typed value is masked (maskAllInputs); these
// elements are blocked: the recording keeps an empty box of their size, nothing of
// their content, attributes or typing. docs/protocol.md ("Live view") and the README
// say the same; change them together.

const PAYMENT_FRAMES = ["stripe", "paypal", "braintree", "adyen", "klarna", "checkout.com", "mollie", "squareup", "worldpay", "authorize.net", "razorpay"];
const CARD_WORDS = ["card", "cc-", "cvc", "cvv", "csc", "iban", "expiry", "exp-date", "security-code"];

export const BLOCK = [
  "[data-st-mask]",
  "input[type=password]",
  "[autocomplete^=cc-]",
  ...CARD_WORDS.flatMap((w) => [`input[name*="${w}" i]`, `input[id*="${w}" i]`]),
  ...PAYMENT_FRAMES.map((p) => `iframe[src*="${p}" i]`),
].join(",");

export const RECORD_OPTIONS = {
  blockSelector: BLOCK,
  maskAllInputs: true,
  maskTextSelector: "[data-st-mask]",
  recordCanvas: false,
  collectFonts: false,
  inlineImages: false,
  inlineStylesheet: true,
  slimDOMOptions: "all",
  sampling: { mousemove: 100, scroll: 150, media: 800, input: "last" },
  checkoutEveryNms: 60000, // a full snapshot every minute: the lead-up always replays
};
