// Prints, as JSON, the requests the pixel makes for a whole purchase:
//   node print-bodies.js SITE_KEY SERVER STORE_HOST
// The Python tests post them to the real /api/collect (tests/adapters/test_shopify.py).

import { loadPixel } from "./harness.js";
import { journey } from "./samples.js";

const [site, server, host] = process.argv.slice(2);
const pixel = loadPixel({ site, server });
for (const [name, event] of journey(host)) await pixel.publish(name, event);
process.stdout.write(JSON.stringify(pixel.requests.map(({ url, options }) => ({ url, body: options.body, headers: options.headers }))));
