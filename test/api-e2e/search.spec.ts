import { ageMembership, createCommunity, reply, startThread } from '../support/community';
import { SEARCH_WINDOW_POSTS } from '../../apps/api/src/boards/search.repository';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

describe('search: Japanese substrings over titles and posts', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createCommunity>>;
  let fan: Awaited<ReturnType<ReturnType<typeof createCommunity>['member']>>;
  const search = (q: string, token?: string, extra: Record<string, string | number> = {}) => {
    const req = t.http().get(`/api/v1/communities/${c.slug}/search`).query({ q, ...extra });
    return token ? req.set(bearer(token)) : req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCommunity(t);
    fan = await c.member();
    await ageMembership(t, c.slug, fan.id);
    const a = await startThread(t, c.boardId, fan, '新曲「きずな」の感想', 'イントロから泣いた。最高の新曲です');
    await reply(t, a.id, fan, 'ライブ配信で聴いて涙が止まらなかった');
    await startThread(t, c.boardId, fan, 'グッズの話', 'タオルを買いました。Tシャツも欲しい');
    await startThread(t, c.boardId, fan, 'English thread', 'The NEW single is great');
  });
  afterAll(() => t.close());

  it.each([
    ['泣', ['post']],
    ['新曲', ['thread', 'post']],
    ['ライブ配信', ['post']],
    ['止まらなかった', ['post']],
    ['タオル', ['post']],
    ['new single', ['post']],
    ['存在しない言葉', []],
  ])('finds %j', async (q, kinds) => {
    const res = await search(q).expect(200);
    expect(res.body.items.map((i: { kind: string }) => i.kind)).toEqual(kinds);
    for (const item of res.body.items) expect(item.snippet.toLowerCase()).toContain(`<mark>${q.toLowerCase()}</mark>`);
  });

  it('ranks a title match first and escapes HTML in snippets', async () => {
    await startThread(t, c.boardId, fan, '<b>太字</b>タグ', '<script>alert(1)</script> 本文');
    const res = await search('タグ').expect(200);
    expect(res.body.items[0]).toMatchObject({ kind: 'thread', threadTitle: '<b>太字</b>タグ' });
    expect(res.body.items[0].snippet).toBe('&#60;b&#62;太字&#60;/b&#62;<mark>タグ</mark>');
    const script = await search('alert').expect(200);
    expect(script.body.items[0].snippet).not.toContain('<script>');
  });

  it('treats LIKE wildcards literally', async () => {
    expect((await search('%').expect(200)).body.items).toEqual([]);
    expect((await search('_').expect(200)).body.items).toEqual([]);
  });

  it('leaves out hidden and deleted posts for fans, not for moderators', async () => {
    const thread = await startThread(t, c.boardId, fan, '隠しテスト', '秘密の合言葉ほげほげ');
    const moderator = await c.member('moderator');
    await t.http().post(`/api/v1/posts/${thread.posts.items[0].id}/hide`).set(bearer(moderator.token)).expect(200);
    const other = await c.member();
    expect((await search('ほげほげ', other.token).expect(200)).body.items).toEqual([]);
    expect((await search('ほげほげ', moderator.token).expect(200)).body.items.length).toBeGreaterThan(0);
    const gone = await reply(t, (await startThread(t, c.boardId, fan, '削除', 'x')).id, fan, '消える文章ぴよぴよ');
    await t.http().delete(`/api/v1/posts/${gone.id}`).set(bearer(fan.token)).expect(204);
    expect((await search('ぴよぴよ', moderator.token).expect(200)).body.items).toEqual([]);
  });

  it('never returns another community\'s posts', async () => {
    const other = await createCommunity(t);
    const stranger = await other.member();
    await startThread(t, other.boardId, stranger, '他のコミュニティの新曲', '新曲');
    const res = await search('他のコミュニティ').expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('pages ranked results with a cursor', async () => {
    const first = await search('の', undefined, { limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await search('の', undefined, { limit: 2, cursor: first.body.nextCursor }).expect(200);
    const ids = (page: { items: Array<{ threadId: string; postId: string | null }> }) => page.items.map((i) => `${i.threadId}/${i.postId}`);
    expect(ids(second.body).some((id) => ids(first.body).includes(id))).toBe(false);
  });

  it('400 naming q for an empty or huge query; 404 for an unknown community', async () => {
    expect((await search('').expect(400)).body.fields).toHaveProperty('q');
    expect((await search('あ'.repeat(101)).expect(400)).body.fields).toHaveProperty('q');
    await t.http().get('/api/v1/communities/no-such-community/search').query({ q: 'x' }).expect(404);
  });

  it('finds exactly what ILIKE finds, titles first and newest first within each', async () => {
    const moderator = await c.member('moderator');
    await reply(t, (await startThread(t, c.boardId, fan, 'Mixed Case タイトル', 'NEW single か new SINGLE')).id, fan, 'もう一度 new single。');
    for (const q of ['の', '新曲', 'new single', 'E', 'た。']) {
      const items: Array<{ kind: string; threadId: string; postId: string | null; createdAt: string }> = [];
      let cursor: string | null = null;
      do {
        const res = await search(q, moderator.token, { limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const expected: Array<{ key: string }> = await t.db.dataSource.query(
        `SELECT 'thread/' || t.id AS key FROM threads t JOIN communities c ON c.id = t.community_id WHERE c.slug = $1 AND t.title ILIKE $2
         UNION ALL
         SELECT 'post/' || p.id FROM posts p JOIN communities c ON c.id = p.community_id WHERE c.slug = $1 AND p.body_text ILIKE $2 AND p.deleted_at IS NULL`,
        [c.slug, `%${q}%`],
      );
      expect(items.map((i) => `${i.kind}/${i.postId ?? i.threadId}`).sort()).toEqual(expected.map((r) => r.key).sort());
      const kinds = items.map((i) => i.kind);
      expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'thread' ? -1 : 1)));
      for (let i = 1; i < items.length; i += 1) {
        if (items[i].kind === items[i - 1].kind) expect(items[i].createdAt <= items[i - 1].createdAt).toBe(true);
      }
    }
  });

  it('gives the same results past the window of newest posts a first pass reads (a big community)', async () => {
    const big = await createCommunity(t);
    const member = await big.member();
    const thread = await startThread(t, big.boardId, member, '大きな掲示板', '最初の投稿');
    // More posts than the window, oldest first: 「よくある」 in every 50th, 「めずらしい」 only in the three oldest.
    await t.db.dataSource.query(
      `INSERT INTO posts (community_id, thread_id, seq, author_id, body_markdown, body_html, body_text, created_at)
       SELECT t.community_id, t.id, 1 + g, t.author_id, x.body, '<p>' || x.body || '</p>', x.body, now() - interval '30 days' + g * interval '1 minute'
         FROM threads t, generate_series(1, ${SEARCH_WINDOW_POSTS + 100}) g
        CROSS JOIN LATERAL (SELECT '投稿' || g || CASE WHEN g % 50 = 0 THEN ' よくある話' ELSE '' END || CASE WHEN g <= 3 THEN ' めずらしい話' ELSE '' END AS body) x
        WHERE t.id = $1`,
      [thread.id],
    );
    for (const q of ['よくある', 'めずらしい', '投稿1000']) {
      const items: Array<{ postId: string; createdAt: string }> = [];
      let cursor: string | null = null;
      do {
        const res = await t.http().get(`/api/v1/communities/${big.slug}/search`).query({ q, limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const expected: Array<{ id: string }> = await t.db.dataSource.query(
        `SELECT id FROM posts WHERE thread_id = $1 AND body_text ILIKE $2 ORDER BY created_at DESC, id`,
        [thread.id, `%${q}%`],
      );
      expect(items.map((i) => i.postId)).toEqual(expected.map((r) => r.id));
    }
  });

  it.each(['泣', '新曲', 'ライブ配信'])('serves %j from the gram index (one- and two-character queries too)', async (q) => {
    const runner = t.db.dataSource.createQueryRunner();
    let plan: unknown;
    try {
      await runner.startTransaction();
      // A tiny table is cheaper to scan; forbid that to see whether the index serves the query at all.
      await runner.query('SET LOCAL enable_seqscan = off');
      plan = await runner.query(`EXPLAIN SELECT id FROM posts WHERE search_grams(body_text) @> search_query_grams($1) AND body_text ILIKE $2`, [q, `%${q}%`]);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(JSON.stringify(plan)).toMatch(/posts_body_text_grams_idx/);
  });
});
