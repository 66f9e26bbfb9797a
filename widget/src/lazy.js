// Loads a chunk of the widget the first time the server sends one of its events: until
// the chunk runs, what arrives waits in core[slot + "q"]; then the chunk takes
// everything through core[slot](name, data). A page that never gets them never loads it.

import { safe } from "./util.js";

/** `wanted(name, data)`: whether this event is worth loading the chunk for. */
export function lazyChunk(names, file, slot, wanted) {
  names.forEach((name) =>
    addEventListener(
      "sitetracker:" + name,
      safe((e) => {
        const core = window.sitetracker._c;
        if (core[slot]) return core[slot](name, e.detail);
        const queue = slot + "q";
        if (!core[queue]) {
          if (!wanted(name, e.detail || {})) return;
          core[queue] = [];
          const script = document.createElement("script");
          script.src = core.config.origin + file; // file: "/widget-chat.js"
          document.head.appendChild(script);
        }
        core[queue].push([name, e.detail]);
      }),
    ),
  );
}
