// Opens the live view of a shopper (or the replay of what led to an alert) in `mount`:
// loads the replayer chunk (watch-view.js, built from view.js) the first time an admin
// asks, from the SiteTracker server at `origin`. The chunk hands its API back through
// its own script element, so the page gets no global.

let loading = null;

function loadView(origin) {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = origin + "/watch-view.js";
      script.stReady = resolve;
      script.onerror = () => ((loading = null), reject(new Error("The live view could not be loaded.")));
      document.head.appendChild(script);
    });
  }
  return loading;
}

/** A panel in `mount` for `socket`'s site: `{watch({ref} | {alert}), replay(alert, ref, name),
 *  close()}`,
 *  each loading the chunk first. `onClose()` runs when the admin closes it. */
export function watchPanel(mount, socket, origin, onClose) {
  let panel = null;
  const ready = () => loadView(origin).then((api) => panel || (panel = api.panel(mount, socket, onClose)));
  const fail = (error) => (mount.hidden = false, (mount.textContent = error.message));
  return {
    watch: (ref) => ready().then((p) => p.watch(ref), fail),
    replay: (alert, ref, name) => ready().then((p) => p.replay(alert, ref, name), fail),
    close: () => panel && panel.close(),
  };
}

/** A panel fixed at the bottom right of a dashboard page (the board, Messages), made the
 *  first time it is asked for: `{watch(ref)}`. */
export function watchAside(socket) {
  let aside = null;
  let panel = null;
  return {
    watch(ref) {
      if (!aside) {
        aside = document.createElement("aside");
        aside.className = "watch-aside";
        aside.setAttribute("aria-label", "Live view");
        aside.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:50";
        document.body.append(aside);
        panel = watchPanel(aside, socket, location.origin, () => (aside.hidden = true));
      }
      aside.hidden = false;
      panel.watch({ ref });
    },
  };
}
