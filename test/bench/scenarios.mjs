// The HTTP scenarios (autocannon, 50 connections, warm-up then a measured run), the reply
// exactly-once check, the CSV import of orders and the customer-value fit.
import { createHash } from 'node:crypto';
import { createWriteStream, openAsBlob, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { api, load, root, sampleRss, sleep } from './lib.mjs';

/** md5(kind || n)::uuid as PostgreSQL computes it: the seeded ids. */
export const seededId = (kind, n) => {
  const h = createHash('md5').update(`${kind}${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const pick = (max) => 1 + Math.floor(Math.random() * max);
const encodeCursor = (position) => Buffer.from(JSON.stringify(position)).toString('base64url');

export const ANALYTICS_ENDPOINTS = ['overview', 'tiers', 'engagement-revenue', 'retention', 'at-risk', 'top-contributors', 'badge-impact', 'boards', 'settings', 'customer-value', 'member'];

/** Signs in `count` seeded members (one token per autocannon connection picks from these). */
export async function memberTokens(base, count, members, password) {
  const tokens = [];
  for (let i = 1; i <= count; i += 5) {
    const batch = Array.from({ length: Math.min(5, count - i + 1) }, (_, j) => 1 + Math.floor((((i + j) * members) / (count + 1)) % members));
    const sessions = await Promise.all(batch.map((n) => api(base, '/auth/login', { method: 'POST', body: { email: `member${n}@bench.example`, password } })));
    tokens.push(...sessions.map((s) => s.accessToken));
  }
  return tokens;
}

/** Every read and write scenario as `[name, autocannon requests]`. */
export async function httpScenarios({ seeded, scale, tokens, ownerToken, databaseUrl }) {
  const { slug, boardIds } = seeded;
  const bearer = (t) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
  const member = () => tokens[Math.floor(Math.random() * tokens.length)];
  const get = (path) => [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1${typeof path === 'function' ? path() : path}`, headers: bearer(member()) }) }];
  const staff = (path) => [{ method: 'GET', path: `/api/v1${path}`, headers: bearer(ownerToken) }];

  // A deep cursor: the position after the thread 2,000 deep (or half-way on small boards) in board 1.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const depth = Math.min(2000, Math.floor(scale.threads / boardIds.length / 2));
  const { rows } = await client.query(`SELECT id, created_at FROM threads WHERE board_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`, [boardIds[0], depth]);
  await client.end();
  const deepCursor = encodeCursor({ p: false, c: rows[0].created_at.toISOString(), i: rows[0].id });

  const thread = () => seededId('t', pick(scale.threads));
  const post = () => seededId('p', pick(scale.threads * seeded.perThread));
  const user = () => seededId('u', pick(scale.members));
  return [
    ['thread-list', get(() => `/boards/${boardIds[Math.floor(Math.random() * boardIds.length)]}/threads`)],
    ['thread-list-deep', get(`/boards/${boardIds[0]}/threads?cursor=${deepCursor}`)],
    ['thread-page', get(() => `/threads/${thread()}`)],
    [
      'reply-create',
      [{ method: 'POST', setupRequest: (req) => ({ ...req, path: `/api/v1/threads/${thread()}/posts`, headers: bearer(member()), body: JSON.stringify({ body: `ベンチ返信です。新曲の感想を **語ろう** ${Math.random()}` }) }) }],
    ],
    [
      'reaction-toggle',
      [
        {
          method: 'PUT',
          setupRequest: (req, context) => {
            context.postId = post();
            context.token = member();
            return { ...req, path: `/api/v1/posts/${context.postId}/reactions/${encodeURIComponent('👍')}`, headers: bearer(context.token) };
          },
        },
        { method: 'DELETE', setupRequest: (req, context) => ({ ...req, path: `/api/v1/posts/${context.postId}/reactions/${encodeURIComponent('👍')}`, headers: bearer(context.token) }) },
      ],
    ],
    ['search-2-chars', get(`/communities/${slug}/search?q=${encodeURIComponent('新曲')}`)],
    ['search-4-chars', get(`/communities/${slug}/search?q=${encodeURIComponent('夏フェス')}`)],
    ['leaderboard', get(`/communities/${slug}/leaderboard`)],
    ['member-profile', get(() => `/communities/${slug}/members/${user()}`)],
    ...ANALYTICS_ENDPOINTS.map((endpoint) => [
      `analytics-${endpoint}`,
      endpoint === 'member'
        ? [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/communities/${slug}/analytics/members/${user()}`, headers: bearer(ownerToken) }) }]
        : staff(`/communities/${slug}/analytics/${endpoint}`),
    ]),
  ];
}

/** Counters a reply moves, for the exactly-once check around reply-create. */
async function replyCounters(client, slug) {
  const { rows } = await client.query(
    `WITH c AS (SELECT id FROM communities WHERE slug = $1)
     SELECT (SELECT count(*)::int FROM posts WHERE community_id = (SELECT id FROM c)) AS posts,
            (SELECT coalesce(sum(reply_count), 0)::int FROM threads WHERE community_id = (SELECT id FROM c)) AS thread_replies,
            (SELECT coalesce(sum(post_count), 0)::int FROM boards WHERE community_id = (SELECT id FROM c)) AS board_posts,
            (SELECT count(*)::int FROM activity WHERE community_id = (SELECT id FROM c) AND type = 'post.created') AS activities,
            (SELECT count(*)::int FROM outbox o JOIN activity a ON a.id = o.activity_id WHERE a.community_id = (SELECT id FROM c) AND a.type = 'post.created' AND o.processed_at IS NOT NULL) AS delivered,
            (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL) AS pending,
            (SELECT count(*)::int FROM points_ledger WHERE community_id = (SELECT id FROM c) AND reason = 'post.created') AS points,
            (SELECT coalesce(sum(replies), 0)::int FROM analytics_member_days WHERE community_id = (SELECT id FROM c)) AS analytics_replies`,
    [slug],
  );
  return rows[0];
}

/**
 * Runs reply-create, then checks every reply written was stored, delivered by the outbox and counted
 * once: the posts, thread and board counters, post.created activities, delivered outbox rows, points
 * entries and the analytics rollup all moved by the same number. That number is the 201s answered
 * in the window plus at most one in-flight request per connection (answered after the window closed).
 */
export async function replyCreateExactlyOnce({ url, requests, settings, databaseUrl, slug }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The warm-up creates replies too: the baseline is taken once they have settled.
    await load(url, { ...settings, duration: settings.warmup, warmup: 0, requests });
    await settle(client, slug);
    const before = await replyCounters(client, slug);
    const result = await load(url, { ...settings, warmup: 0, requests });
    const drained = await settle(client, slug);
    const after = await replyCounters(client, slug);
    const answered = result.statuses[201] ?? 0;
    const written = after.posts - before.posts;
    const counted = Object.fromEntries(Object.keys(after).filter((k) => k !== 'pending').map((k) => [k, after[k] - before[k]]));
    const exactlyOnce = drained && Object.values(counted).every((d) => d === written) && written >= answered && written <= answered + settings.connections;
    return { ...result, created: written, answered, counted, outboxDrained: drained, exactlyOnce };
  } finally {
    await client.end();
  }
}

/**
 * Waits for the outbox to drain (what earlier scenarios queued: reactions, replies); resolves with
 * the seconds it took, or null when it had not drained after `seconds`.
 */
/** Outbox rows not yet delivered. */
export async function outboxPending(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS pending FROM outbox WHERE processed_at IS NULL AND parked_at IS NULL`);
    return rows[0].pending;
  } finally {
    await client.end();
  }
}

export async function outboxDrain(databaseUrl, seconds = 900) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      const { rows } = await client.query(`SELECT count(*)::int AS pending FROM outbox WHERE processed_at IS NULL AND parked_at IS NULL`);
      if (rows[0].pending === 0) return +((performance.now() - started) / 1000).toFixed(1);
      await sleep(500);
    }
    return null;
  } finally {
    await client.end();
  }
}

/** Waits until no reply is still being written and the outbox is drained; false after `seconds`. */
async function settle(client, slug, seconds = 180) {
  let last = -1;
  for (let i = 0; i < seconds * 2; i += 1) {
    const { rows } = await client.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL AND parked_at IS NULL) AS pending,
              (SELECT count(*)::int FROM posts WHERE community_id = (SELECT id FROM communities WHERE slug = $1)) AS posts`,
      [slug],
    );
    if (rows[0].pending === 0 && rows[0].posts === last) return true;
    last = rows[0].posts;
    await sleep(500);
  }
  return false;
}

/** Uploads a CSV of `rows` new orders of seeded contacts and waits for the import to finish. */
export async function importOrders({ base, pid, ownerToken, slug, rows, contacts, tmp, limitSeconds }) {
  const path = join(tmp, 'orders.csv');
  const out = createWriteStream(path);
  out.write('注文番号,顧客ID,注文日,合計,通貨,商品コード,商品名,数量,販売チャネル\n');
  for (let i = 1; i <= rows; i += 1) {
    const day = new Date(Date.UTC(2025, 0, 1) + (i % 600) * 86_400_000).toISOString().slice(0, 10);
    const line = `I-${i},C-${1 + ((i * 7919) % contacts)},${day} 12:34:56,${1100 * (1 + (i % 10))},JPY,TEE-0${i % 5},ライブTシャツ,1,${i % 2 ? 'online' : 'store'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const form = new FormData();
  form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'orders.csv');
  const rss = sampleRss(pid);
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/communities/${slug}/crm/orders/import`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}` }, body: form });
  if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
  const job = await res.json();
  let status = job;
  while (!['done', 'failed'].includes(status.status) && performance.now() - started < limitSeconds * 1000) {
    await sleep(250);
    status = await api(base, `/communities/${slug}/crm/imports/${job.id}`, { token: ownerToken });
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = rss.stop();
  const finished = ['done', 'failed'].includes(status.status);
  return {
    status: finished ? status.status : 'timeout',
    rows,
    rowsDone: status.rowsDone,
    inserted: status.inserted,
    errorCount: status.errorCount,
    seconds: +seconds.toFixed(1),
    rowsPerSecond: Math.round((finished ? rows : status.rowsDone) / seconds),
    // Half the rows are orders of contacts linked to members: each is also an order.placed activity.
    linkedShare: 0.5,
    rssStartMb: memory.startMb,
    rssPeakMb: memory.peakMb,
    rssGrowthMb: memory.peakMb - memory.startMb,
  };
}

/** BG/NBD + Gamma-Gamma fit on the CDNOW data in the repository's fixtures (in this process). */
export async function fitCustomerValue() {
  const engagement = await import(join(root, 'libs/engagement/dist/index.js'));
  const { rfmSummary, fitBgNbd, fitGammaGamma } = engagement.default ?? engagement;
  const text = readFileSync(join(root, 'libs/engagement/src/customer-value/fixtures/CDNOW_sample.txt'), 'utf8');
  const purchases = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, id, date, , dollars] = l.trim().split(/\s+/);
      return { customerId: id, at: new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8))), amount: Number(dollars) };
    });
  const started = performance.now();
  const summary = rfmSummary(purchases, { calibrationEnd: new Date('1997-09-30'), observationEnd: new Date('1998-06-30') });
  const bgNbd = fitBgNbd(summary);
  const gammaGamma = fitGammaGamma(summary);
  const ms = performance.now() - started;
  return { customers: summary.length, transactions: purchases.length, ms: Math.round(ms), bgNbd: bgNbd.params, gammaGamma: gammaGamma.params };
}
