// Seeds the benchmark data set. The owner, community and boards go through the API (real services);
// the bulk — members, threads, posts, the activity spine with its points, contacts and orders — is
// written with INSERT … SELECT generate_series in the shapes the services write (ids derived from
// row numbers, md5(kind || n)::uuid, so rows can refer to each other without lookups). Secondary
// indexes are dropped for the bulk load and rebuilt with their migration definitions afterwards.
// Seeded activity gets no outbox rows (it is history, as if delivered); analytics rollups are then
// built from it by `cli.js analytics rebuild`.
import { join } from 'node:path';
import pg from 'pg';
import { api, PASSWORD, root, run } from './lib.mjs';

export const DEFAULT_SCALE = { boards: 20, threads: 100_000, posts: 1_000_000, members: 100_000, contacts: 50_000, orders: 300_000 };

/** Japanese words the seeded titles and posts are made of (search hits 2- and 4-character queries). */
const WORDS = [
  'ライブ', '新曲', '感想', 'グッズ', 'ツアー', '最高', '楽しみ', '応援', '配信', '発売',
  '東京', '大阪', '会場', '物販', '整理券', 'セトリ', 'アンコール', '推し', '初日', '千秋楽',
  '歌詞', 'ギター', 'ドラム', 'ファン', '握手会', '限定', '予約', '抽選', '当選', '落選',
  'タオル', 'Tシャツ', '写真', '動画', '感動', '涙', '笑顔', '夏フェス', '冬', '春',
];
const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}]`;
/** A phrase of `count` words picked from the row number (deterministic, varied). */
const phrase = (n, count, salt) =>
  Array.from({ length: count }, (_, i) => `(${words})[1 + ((${n}::bigint * ${[7919, 104729, 1299709, 15485863, 32452843][i % 5]} + ${salt + i * 13}) % ${WORDS.length})]`).join(` || ' ' || `);

const uuid = (kind, n) => `md5('${kind}' || ${n})::uuid`;

const BULK_TABLES = ['users', 'memberships', 'threads', 'posts', 'activity', 'points_ledger', 'crm_contacts', 'crm_orders'];

export async function seed({ base, databaseUrl, scale, log }) {
  const started = Date.now();
  const id = Date.now().toString(36);
  const owner = await api(base, '/auth/register', { method: 'POST', body: { email: `owner-${id}@bench.example`, password: PASSWORD, displayName: 'ベンチ運営' } });
  const slug = `bench-${id}`;
  await api(base, '/communities', { method: 'POST', token: owner.accessToken, body: { slug, name: 'ベンチマーク コミュニティ' } });
  const existing = await api(base, `/communities/${slug}/boards`, { token: owner.accessToken });
  const boardIds = existing.map((b) => b.id);
  for (let i = boardIds.length; i < scale.boards; i += 1) {
    const board = await api(base, `/communities/${slug}/boards`, { method: 'POST', token: owner.accessToken, body: { name: `掲示板${i + 1} ${WORDS[i % WORDS.length]}` } });
    boardIds.push(board.id);
  }
  boardIds.splice(scale.boards);

  const perThread = Math.max(1, Math.floor(scale.posts / scale.threads));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const q = async (label, sql, params = []) => {
    const t = Date.now();
    const res = await client.query(sql, params);
    if (label) log(`  seed ${label}: ${res.rowCount ?? ''} rows, ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return res;
  };
  try {
    await q(null, `SET maintenance_work_mem = '256MB'`);
    const [{ id: communityId }] = (await q(null, `SELECT id FROM communities WHERE slug = $1`, [slug])).rows;
    const [{ password_hash: hash }] = (await q(null, `SELECT password_hash FROM users WHERE id = $1`, [owner.user.id])).rows;
    const indexes = (
      await q(
        null,
        `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
          AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
        [BULK_TABLES],
      )
    ).rows;
    for (const ix of indexes) await q(null, `DROP INDEX "${ix.indexname}"`);

    const M = scale.members;
    const T = scale.threads;
    const B = boardIds.length;
    const C = scale.contacts;
    // The seeded year: thread n starts at an even spread over the last 365 days (newest last).
    const threadAt = (n) => `(now() - interval '365 days' + (${n}::bigint * interval '1 second' * ${Math.floor((365 * 86400) / T)}))`;
    const author = (n) => `(1 + (${n}::bigint * 7919) % ${M})`;

    await q('users', `INSERT INTO users (id, email, display_name, password_hash, email_verified_at, created_at, updated_at)
      SELECT ${uuid('u', 'g')}, 'member' || g || '@bench.example', (${words})[1 + g % ${WORDS.length}] || 'ファン' || g, $1, now(), now() - interval '400 days', now()
        FROM generate_series(1, ${M}) g`, [hash]);
    await q('memberships', `INSERT INTO memberships (community_id, user_id, role, joined_at)
      SELECT $1, ${uuid('u', 'g')}, 'member', now() - interval '400 days' + (g % 30) * interval '1 day' FROM generate_series(1, ${M}) g`, [communityId]);
    await q('threads', `INSERT INTO threads (id, community_id, board_id, author_id, title, reply_count, last_seq, last_post_at, created_at, updated_at)
      SELECT ${uuid('t', 'g')}, $1, ($2::uuid[])[1 + g % ${B}], ${uuid('u', author('g'))}, ${phrase('g', 3, 1)} || 'について',
             ${perThread - 1}, ${perThread}, ${threadAt('g')} + ${perThread} * interval '1 minute', ${threadAt('g')}, ${threadAt('g')}
        FROM generate_series(1, ${T}) g`, [communityId, boardIds]);
    await q('posts', `INSERT INTO posts (id, community_id, thread_id, seq, author_id, body_markdown, body_html, body_text, created_at)
      SELECT ${uuid('p', '(t - 1) * ' + perThread + ' + s')}, $1, ${uuid('t', 't')}, s, ${uuid('u', `CASE WHEN s = 1 THEN ${author('t')} ELSE ${author('t + s * 31')} END`)},
             x.body, '<p>' || x.body || '</p>', x.body, ${threadAt('t')} + s * interval '1 minute'
        FROM generate_series(1, ${T}) t CROSS JOIN generate_series(1, ${perThread}) s
        CROSS JOIN LATERAL (SELECT ${phrase('(t * 17 + s)', 5, 3)} || '。' || ${phrase('(t * 31 + s)', 4, 5)} || '！' AS body) x`, [communityId]);
    await q('board counters', `UPDATE boards b SET thread_count = c.threads, post_count = c.threads * ${perThread}, last_activity_at = c.last
      FROM (SELECT board_id, count(*)::int AS threads, max(last_post_at) AS last FROM threads WHERE community_id = $1 GROUP BY board_id) c
     WHERE b.id = c.board_id`, [communityId]);
    // The activity spine as the services record it: thread.created for each opening post,
    // post.created for each reply; member.joined for everyone (analytics reads join days from it).
    await q('activity: member.joined', `INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data, occurred_at)
      SELECT $1, ${uuid('u', 'g')}, 'member.joined', 'user', ${uuid('u', 'g')}::text, '{"role":"member"}', now() - interval '400 days' + (g % 30) * interval '1 day'
        FROM generate_series(1, ${M}) g`, [communityId]);
    await q('activity: thread.created', `INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data, occurred_at)
      SELECT $1, t.author_id, 'thread.created', 'thread', t.id::text, jsonb_build_object('boardId', t.board_id, 'postId', ${uuid('p', '(g - 1) * ' + perThread + ' + 1')}, 'title', t.title), t.created_at
        FROM generate_series(1, ${T}) g JOIN threads t ON t.id = ${uuid('t', 'g')}`, [communityId]);
    if (perThread > 1) {
      await q('activity: post.created', `INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data, occurred_at)
        SELECT $1, p.author_id, 'post.created', 'post', p.id::text,
               jsonb_build_object('threadId', p.thread_id, 'boardId', t.board_id, 'seq', p.seq, 'threadAuthorId', t.author_id, 'replyToPostId', null), p.created_at
          FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.community_id = $1 AND p.seq > 1`, [communityId]);
    }
    await q('points', `INSERT INTO points_ledger (community_id, user_id, points, reason, activity_id, subject_id, created_at)
      SELECT community_id, actor_id, CASE type WHEN 'thread.created' THEN 5 ELSE 2 END, type, id, subject_id, occurred_at
        FROM activity WHERE community_id = $1 AND type IN ('thread.created', 'post.created')`, [communityId]);
    await q('contacts', `INSERT INTO crm_contacts (id, community_id, external_id, email, family_name, given_name, region, consent, source, linked_user_id, link_method, linked_at)
      SELECT ${uuid('c', 'g')}, $1, 'C-' || g, 'member' || g || '@bench.example', (ARRAY['佐藤','鈴木','高橋','田中','伊藤','渡辺'])[1 + g % 6],
             (ARRAY['花子','太郎','結衣','陽翔','さくら','蓮'])[1 + (g / 6) % 6], (ARRAY['東京都','大阪府','神奈川県','愛知県','福岡県','北海道'])[1 + g % 6],
             jsonb_build_object('email', g % 3 <> 0), 'bench',
             CASE WHEN g % 2 = 0 AND g <= ${M} THEN ${uuid('u', 'g')} END, CASE WHEN g % 2 = 0 AND g <= ${M} THEN 'email' END, CASE WHEN g % 2 = 0 AND g <= ${M} THEN now() END
        FROM generate_series(1, ${C}) g`, [communityId]);
    await q('orders', `INSERT INTO crm_orders (community_id, contact_id, external_id, purchased_at, amount, currency, line_items, channel)
      SELECT $1, ${uuid('c', '1 + (g::bigint * 7919) % ' + C)}, 'O-' || g, now() - ((g::bigint * 104729) % 730) * interval '1 day', 1100 * (1 + g % 10), 'JPY',
             jsonb_build_array(jsonb_build_object('sku', 'TEE-0' || (g % 5), 'name', 'グッズ', 'quantity', 1, 'unitPrice', 1100 * (1 + g % 10))),
             CASE WHEN g % 2 = 0 THEN 'online' ELSE 'store' END
        FROM generate_series(1, ${scale.orders}) g`, [communityId]);
    const t = Date.now();
    for (const ix of indexes) await q(null, ix.indexdef);
    log(`  seed indexes rebuilt: ${indexes.length}, ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await q('analyze', 'ANALYZE');
  } finally {
    await client.end();
  }
  const t = Date.now();
  await run(process.execPath, [join(root, 'dist/apps/api/cli.js'), 'analytics', 'rebuild', slug], { DATABASE_URL: databaseUrl, JWT_SECRET: 'bench-secret-0123456789abcdefghijklmnop', LOG_LEVEL: 'warn' });
  log(`  seed analytics rebuild: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { slug, owner, boardIds, perThread, seconds: Math.round((Date.now() - started) / 1000) };
}
