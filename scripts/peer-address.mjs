// Preloaded into the `next start` process by scripts/start.mjs (`node --import`). Next 16 gives route
// handlers headers only (NextRequest.ip is gone), and Next fills X-Forwarded-For from the socket only when
// the client sent none — so a client could name its own address. This hook writes each request's socket
// address into `x-study-peer` before Next sees the request, replacing any value a client sent, and marks
// the process so lib/client-address.ts knows the header is real.
import diagnosticsChannel from 'node:diagnostics_channel';

globalThis[Symbol.for('ml-study.peer-address-hook')] = true;
diagnosticsChannel.subscribe('http.server.request.start', ({ request, socket }) => {
  request.headers['x-study-peer'] = socket.remoteAddress ?? '';
});
