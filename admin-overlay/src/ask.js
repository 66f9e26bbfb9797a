// `ask(socket, event, data)`: sends an event and resolves with its acknowledgement, or
// with an error when the server does not answer. Apart from connection.js, so that the
// live view's chunk asks without bundling the Socket.IO client again.

const ANSWER_WITHIN = 10000;

export function ask(socket, event, data) {
  return new Promise((resolve) =>
    socket.timeout(ANSWER_WITHIN).emit(event, data, (late, ack) =>
      resolve(late ? { error: { message: "No answer from SiteTracker: check the connection." } } : ack || {}),
    ),
  );
}
