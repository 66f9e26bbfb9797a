// Figures a tile reads from the API (rollups) rather than the live snapshot: fetched
// when the tile mounts, then again on a push once `every` ms have passed since.

export function fetchedEvery(getJSON, url, every, onData, onError) {
  let at = 0;
  let busy = false;
  const load = async () => {
    busy = true;
    at = Date.now();
    try {
      onData(await getJSON(url));
    } catch (error) {
      if (onError) onError(error);
    } finally {
      busy = false;
    }
  };
  load();
  return () => {
    if (!busy && Date.now() - at >= every) load();
  };
}
