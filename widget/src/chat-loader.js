// Loads the shopper's chat and banners (widget-chat.js, built from chat/) the first time
// the server sends something to show: a message, the conversation after a reload, a
// broadcast. A page nobody speaks to never loads it.

import { lazyChunk } from "./lazy.js";

lazyChunk(["message", "chat_history", "broadcast", "broadcast_end"], "/widget-chat.js", "chat", (name) => name != "broadcast_end");
