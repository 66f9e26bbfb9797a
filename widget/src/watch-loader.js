// Loads the recorder (widget-watch.js, built from watch/) only when the server asks for
// it: an admin asked to watch this shopper (watch_start), or this checkout page should
// keep its last two minutes for an alert (watch_keep, for this page's URL).

import { lazyChunk } from "./lazy.js";
import { pageUrl } from "./util.js";

lazyChunk(["watch_start", "watch_stop", "watch_keep", "watch_send"], "/widget-watch.js", "watch", (name, data) => name == "watch_start" || (name == "watch_keep" && (!data.u || data.u == pageUrl())));
