// Realtime delivery: `sockets` socket.io clients subscribed to one thread; replies are posted over
// HTTP one after another and we measure post → `post.created` delivery latency at every socket
// (p50/p99). Used by run.mjs on one API process, and on two processes sharing PostgreSQL and Redis
// (sockets spread over both; the reply goes to the first). The transport's own ceiling is a bare
// socket.io server broadcasting to as many sockets.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { api, freePort, percentile, round } from './lib.mjs';

const summary = (values, sends) => ({
  p50Ms: round(percentile(values, 50)),
  p99Ms: round(percentile(values, 99)),
  deliveries: values.length,
  // How long the sending side took (for the API: the reply's HTTP request until its 201).
  sendP50Ms: round(percentile(sends, 50)),
  sendMaxMs: round(Math.max(...sends)),
});

const connectAll = async (urls, token, count) => {
  const sockets = [];
  // In batches: a thousand handshakes at once mostly measure the accept queue.
  for (let i = 0; i < count; i += 100) {
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, j) => {
          const socket = io(urls[(i + j) % urls.length], { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
          return new Promise((resolve, reject) => {
            socket.once('connect', () => resolve(socket));
            socket.once('connect_error', reject);
          });
        }),
      )),
    );
  }
  return sockets;
};

/** Sends `posts` messages one after another; resolves with every socket's delivery latency. */
async function measure(sockets, posts, send) {
  const latencies = [];
  const sends = [];
  for (let i = 0; i < posts; i += 1) {
    const started = performance.now();
    let pending = sockets.length;
    const delivered = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`realtime: ${pending} of ${sockets.length} sockets got no delivery of message ${i} within 30 s`)), 30_000);
      for (const s of sockets) {
        const handler = (event) => {
          if (event.marker !== undefined && event.marker !== i) return;
          s.off('post.created', handler).off('bench', handler);
          latencies.push(performance.now() - started);
          pending -= 1;
          if (pending === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
        s.on('post.created', handler);
        s.on('bench', handler);
      }
    });
    await send(i);
    sends.push(performance.now() - started);
    await delivered;
  }
  return summary(latencies, sends);
}

export async function realtimeCeiling({ sockets: count, posts }) {
  const http = createServer();
  const server = new Server(http, { path: '/socket.io' });
  server.on('connection', (s) => s.join('room'));
  const port = await freePort();
  await new Promise((r) => http.listen(port, '127.0.0.1', r));
  const sockets = await connectAll([`http://127.0.0.1:${port}`], 'x', count);
  await new Promise((r) => setTimeout(r, 200));
  try {
    return await measure(sockets, posts, async (i) => server.to('room').emit('bench', { marker: i, bodyHtml: '<p>ベンチマーク</p>' }));
  } finally {
    sockets.forEach((s) => s.close());
    server.close();
  }
}

/** `urls`: API processes (sockets spread over them); replies are posted to the first. */
export async function realtimeLatency(urls, { token, threadId, sockets: count, posts }) {
  const sockets = await connectAll(urls, token, count);
  try {
    await Promise.all(sockets.map((s) => new Promise((r) => s.emit('subscribe', { room: `thread:${threadId}` }, r))));
    // One reply first: warms the path (and the second process's adapter) before measuring.
    await api(urls[0], `/threads/${threadId}/posts`, { method: 'POST', token, body: { body: 'ウォームアップ' } });
    await new Promise((r) => setTimeout(r, 500));
    return await measure(sockets, posts, (i) => api(urls[0], `/threads/${threadId}/posts`, { method: 'POST', token, body: { body: `リアルタイム計測 ${i}` } }));
  } finally {
    sockets.forEach((s) => s.close());
  }
}
