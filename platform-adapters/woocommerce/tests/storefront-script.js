// Runs the storefront script the plugin prints (read from standard input, as
// `php run.php --checkout-footer` prints it) with a fake page and jQuery, plays a
// shopper's checkout, and prints what reached the widget's queue and the cookies:
//   php run.php --checkout-footer | node storefront-script.js
// (tests/adapters/test_woocommerce.py checks the output).

import { readFileSync } from "node:fs";
import vm from "node:vm";

const html = readFileSync(0, "utf8");
const script = html.match(/<script>([\s\S]*?)<\/script>/)[1];

const calls = [];
const cookies = [];
const handlers = {};
const fields = { "#billing_email": " jane@example.com ", 'input[name="payment_method"]:checked': "stripe" };
const unescape = (text) => text.replace(/&quot;/g, '"').replace(/&#039;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function jQuery(selector) {
  return {
    on(events, delegate, handler) {
      for (const name of events.split(" ")) handlers[name] = { delegate: typeof delegate == "string" ? delegate : null, handler: handler || delegate };
      return this;
    },
    val: () => fields[selector],
  };
}
jQuery.extend = Object.assign;

class DOMParser {
  parseFromString(markup) {
    return {
      body: { textContent: markup.replace(/<[^>]*>/g, " ") },
      querySelector: () => ({ getAttribute: () => unescape(markup.match(/data-events="([^"]*)"/)[1]) }),
    };
  }
}

const window = {
  sitetracker: (...args) => calls.push(JSON.parse(JSON.stringify(args))),
  localStorage: { getItem: (key) => (key == "st_vid" ? "visitor-000111" : null) },
  addEventListener: () => {},
  jQuery,
};
const document = { body: {}, set cookie(value) { cookies.push(value); } };
vm.runInNewContext(script, { window, document, location: { protocol: "https:" }, DOMParser, JSON, String, parseInt });

const fire = (name, ...args) => handlers[name].handler.call({}, { type: name }, ...args);
const button = { data: (key) => ({ product_sku: "TEE-BLU", quantity: "2" })[key] };
const fragment = '<div class="sitetracker-events" data-events="' +
  '[{&quot;n&quot;:&quot;add_to_cart&quot;,&quot;p&quot;:{&quot;product&quot;:&quot;Tote&quot;,&quot;quantity&quot;:1}}]"></div>';
fire("added_to_cart", { "div.sitetracker-events": fragment }, "hash", button);
fire("added_to_cart", {}, "hash", button); // a theme's AJAX add, without the plugin's fragment
fire("removed_from_cart", {}, "hash", null);
fire("click");
fire("checkout_error", '<ul class="woocommerce-error"><li>Your card was declined.</li></ul>');
process.stdout.write(JSON.stringify({ calls, cookies, click: handlers.click.delegate }));
