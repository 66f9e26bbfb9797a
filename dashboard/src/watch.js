// The board's live view: a "Watch" button of the live shoppers table (data-watch-ref)
// opens that shopper's page in a panel at the side of the board, with the overlay's
// live view (admin-overlay/src/watch/), loaded only then.

import { watchAside } from "../../admin-overlay/src/watch/open.js";

export function followWatchButtons(socket) {
  const aside = watchAside(socket);
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("[data-watch-ref]");
    if (button) aside.watch(button.dataset.watchRef);
  });
}
