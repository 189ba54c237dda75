// The web app's production entry: SvelteKit's adapter-node handler on node:http, plus what the
// handler cannot do — WebSocket upgrades for `/socket.io`, forwarded to the API as raw TCP, so the
// browser keeps talking to this one origin (same as `/api/*`, which hooks.server.ts proxies).
// Run after `vite build`: `node apps/web/server.js` (PORT, HOST, API_URL, and adapter-node's ORIGIN etc.).
import http from 'node:http';
import net from 'node:net';
import process from 'node:process';
import tls from 'node:tls';

// CSV imports go through the /api proxy: let a body be as large as the API accepts for an upload
// (512 MB; JSON bodies are still limited to 256 KB by the API itself).
process.env.BODY_SIZE_LIMIT ??= '513M';
const { handler } = await import('./build/handler.js');

const PORT = Number(process.env.PORT || 3001);
const HOST = process.env.HOST || '0.0.0.0';
const API = new URL(process.env.API_URL || 'http://127.0.0.1:3000');
const API_SECURE = API.protocol === 'https:';
const API_PORT = Number(API.port || (API_SECURE ? 443 : 80));
// The client address as adapter-node's getClientAddress() sees it (behind a proxy: its header).
const ADDRESS_HEADER = (process.env.ADDRESS_HEADER || '').toLowerCase();
const XFF_DEPTH = Number(process.env.XFF_DEPTH || 1);
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT || 30) * 1000;
const SOCKET_IO = /^\/socket\.io(\/|\?|$)/;

if (API.protocol !== 'http:' && !API_SECURE) throw new Error(`API_URL must be http(s): ${API.href}`);

const server = http.createServer((req, res) => {
  // Only the WebSocket transport goes through (the client asks for nothing else): long-polling
  // would need sticky sessions across API processes, and SvelteKit has no page here.
  if (SOCKET_IO.test(req.url ?? '')) return refuse(res, 400, 'Bad Request', 'WEBSOCKET_ONLY', 'Only the WebSocket transport is available at /socket.io');
  handler(req, res, () => refuse(res, 404, 'Not Found', 'NOT_FOUND', 'Not found'));
});

/** Upgraded connections, closed on shutdown (server.close() no longer tracks them). */
const tunnels = new Set();

server.on('upgrade', (req, client, head) => {
  if (!SOCKET_IO.test(req.url ?? '')) {
    client.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const upstream = API_SECURE
    ? tls.connect({ host: API.hostname, port: API_PORT, servername: API.hostname })
    : net.connect({ host: API.hostname, port: API_PORT });
  const tunnel = { client, upstream };
  tunnels.add(tunnel);
  const close = () => {
    tunnels.delete(tunnel);
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', () => {
    // The API is down or refused: say so if the handshake has not been answered yet.
    if (client.writable && upstream.bytesRead === 0) client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    close();
  });
  upstream.on('close', close);
  upstream.once(API_SECURE ? 'secureConnect' : 'connect', () => {
    upstream.write(requestHead(req));
    if (head.length > 0) upstream.write(head);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.pipe(client);
    client.pipe(upstream);
  });
});

/** The request line and headers as received, the forwarding address in place of any the client sent. */
function requestHead(req) {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== 'x-forwarded-for') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  lines.push(`X-Forwarded-For: ${clientAddress(req)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function clientAddress(req) {
  if (!ADDRESS_HEADER) return req.socket.remoteAddress ?? '';
  const value = String(req.headers[ADDRESS_HEADER] ?? '');
  if (ADDRESS_HEADER !== 'x-forwarded-for') return value;
  const addresses = value.split(',');
  return (addresses[addresses.length - XFF_DEPTH] ?? '').trim();
}

/** An error in the API's own shape (as hooks.server.ts answers for the proxy). */
function refuse(res, statusCode, error, code, message) {
  res.writeHead(statusCode, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ statusCode, error, code, message }));
}

server.listen(PORT, HOST, () => console.log(`Listening on http://${HOST}:${PORT}`));

let stopping = false;
/** Like adapter-node's own entry: finish requests in flight, then exit. Open sockets are cut: their clients reconnect (to another web process, or this one restarted). */
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  for (const { client, upstream } of tunnels) {
    client.destroy();
    upstream.destroy();
  }
  server.closeIdleConnections();
  // As adapter-node's entry does: hooks may listen for it to finish their own work.
  server.close(() => process.emit('sveltekit:shutdown', signal));
  setTimeout(() => server.closeAllConnections(), SHUTDOWN_TIMEOUT_MS).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
