// Sends recorder events as JSON text cut into pieces the live channel takes (a full
// snapshot is larger than one frame), one piece after the other's acknowledgement.

const PIECE = 30000; // characters; the server takes at most this many per frame

/** Pieces of `text`, never cutting a character in two (a surrogate pair). */
export function pieces(text) {
  const out = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + PIECE, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** Sends `events` as `name` frames ({...base, d, more}); resolves with the last
 *  acknowledgement, or the first that is an error or says stop. */
export async function sendEvents(socket, name, base, events) {
  const parts = pieces(JSON.stringify(events));
  let ack = {};
  for (let i = 0; i < parts.length; i++) {
    const frame = Object.assign({ d: parts[i], more: i < parts.length - 1 }, base);
    ack = await new Promise((resolve) => socket.timeout(10000).emit(name, frame, (late, answer) => resolve(late ? { error: { status: 0 } } : answer || {})));
    if (ack.error || ack.stop) break;
  }
  return ack;
}
