// Broadcasts as banners across the top of the page, until they expire or the shopper
// dismisses them (remembered for the tab, and told to the server so the shopper's other
// pages do not show them again).

import { pathMatches } from "../paths.js";
import { h, icon, remember } from "./dom.js";

const MEGAPHONE = "M3 10v4h3l7 4V6l-7 4H3Zm13-2.5v9a4.5 4.5 0 0 0 0-9Z";

const DISMISSED = "st_bc_dismissed";

export function bannerList(root, socket) {
  const list = h("div", { className: "banners", role: "region", ariaLabel: "Announcements" });
  root.prepend(list);
  const shown = new Map();

  const end = (id) => {
    const banner = shown.get(id);
    if (banner) banner.remove();
    shown.delete(id);
  };

  return {
    show(b) {
      if (shown.has(b.id) || (remember(DISMISSED) || []).includes(b.id)) return;
      if (!pathMatches(b.path, location.pathname)) return;
      const dismiss = h("button", { type: "button", ariaLabel: "Dismiss this announcement", textContent: "×" });
      const banner = h("div", { className: "banner", role: "status" }, icon(MEGAPHONE), h("p", { textContent: b.text }), dismiss);
      dismiss.onclick = () => {
        end(b.id);
        remember(DISMISSED, [...(remember(DISMISSED) || []), b.id].slice(-50));
        socket.emit("broadcast_dismiss", { id: b.id });
      };
      shown.set(b.id, banner);
      list.append(banner);
      setTimeout(() => end(b.id), Math.min(b.ttl, 86400 * 24) * 1000);
    },
    end,
  };
}
