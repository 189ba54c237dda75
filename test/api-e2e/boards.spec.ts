import { ageMembership, createCommunity, reply, startThread } from '../support/community';
import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

describe('boards: threads, replies, reactions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('boards', () => {
    it('lets staff edit, make read-only, reorder and archive boards', async () => {
      const c = await createCommunity(t);
      const second = await t.http().post(`/api/v1/communities/${c.slug}/boards`).set(bearer(c.owner.token)).send({ name: 'お知らせ', readOnly: true }).expect(201);
      expect(second.body).toMatchObject({ name: 'お知らせ', readOnly: true, archived: false, position: 1 });
      const renamed = await t.http().patch(`/api/v1/communities/${c.slug}/boards/${c.boardId}`).set(bearer(c.owner.token)).send({ name: 'フリートーク', description: '何でも' }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'フリートーク', description: '何でも' });
      const order = await t.http().put(`/api/v1/communities/${c.slug}/boards/order`).set(bearer(c.owner.token)).send({ boardIds: [second.body.id, c.boardId] }).expect(200);
      expect(order.body.map((b: { name: string }) => b.name)).toEqual(['お知らせ', 'フリートーク']);
      await t.http().put(`/api/v1/communities/${c.slug}/boards/order`).set(bearer(c.owner.token)).send({ boardIds: [c.boardId] }).expect(400);
      await t.http().patch(`/api/v1/communities/${c.slug}/boards/${c.boardId}`).set(bearer(c.owner.token)).send({ archived: true }).expect(200);
      const fan = await c.member();
      const visible = await t.http().get(`/api/v1/communities/${c.slug}/boards`).set(bearer(fan.token)).expect(200);
      expect(visible.body.map((b: { name: string }) => b.name)).toEqual(['お知らせ']);
      await t.http().get(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).expect(404);
      const staff = await t.http().get(`/api/v1/communities/${c.slug}/boards`).set(bearer(c.owner.token)).expect(200);
      expect(staff.body).toHaveLength(2);
    });

    it('refuses board changes by members (403), unknown boards (404) and bad input (400 naming the field)', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      await t.http().patch(`/api/v1/communities/${c.slug}/boards/${c.boardId}`).set(bearer(fan.token)).send({ name: 'x' }).expect(403);
      await t.http().put(`/api/v1/communities/${c.slug}/boards/order`).set(bearer(fan.token)).send({ boardIds: [c.boardId] }).expect(403);
      await t.http().patch(`/api/v1/communities/${c.slug}/boards/${crypto.randomUUID()}`).set(bearer(c.owner.token)).send({ name: 'x' }).expect(404);
      const other = await createCommunity(t);
      await t.http().patch(`/api/v1/communities/${c.slug}/boards/${other.boardId}`).set(bearer(c.owner.token)).send({ name: 'x' }).expect(404);
      const bad = await t.http().patch(`/api/v1/communities/${c.slug}/boards/${c.boardId}`).set(bearer(c.owner.token)).send({ readOnly: 'yes' }).expect(400);
      expect(bad.body.fields).toHaveProperty('readOnly');
    });
  });

  describe('threads and replies', () => {
    it('starts a thread and keeps counters on the thread and the board', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan, '新曲「絆」の感想', '**最高**でした！\n2行目');
      expect(thread).toMatchObject({ title: '新曲「絆」の感想', replyCount: 0, communitySlug: c.slug, boardName: '雑談', author: { id: fan.id } });
      expect(thread.posts.items[0]).toMatchObject({ seq: 1, bodyHtml: '<p><strong>最高</strong>でした！<br />\n2行目</p>', bodyMarkdown: '**最高**でした！\n2行目' });
      const other = await c.member();
      const r = await reply(t, thread.id, other, 'わかる！');
      expect(r.seq).toBe(2);
      const detail = await t.http().get(`/api/v1/threads/${thread.id}`).expect(200);
      expect(detail.body).toMatchObject({ replyCount: 1, lastSeq: 2 });
      const boards = await t.http().get(`/api/v1/communities/${c.slug}/boards`).expect(200);
      expect(boards.body[0]).toMatchObject({ threadCount: 1, postCount: 2, lastActivityAt: expect.any(String) });
    });

    it('renders Markdown safely: no scripts, no javascript: links, external links nofollow', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan, 'XSS', '<script>alert(1)</script> [x](javascript:alert(1)) [公式](https://example.com)');
      const html: string = thread.posts.items[0] ? (thread.posts.items[0] as unknown as { bodyHtml: string }).bodyHtml : '';
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener">公式</a>');
    });

    it('counts characters, not bytes: 120-character Japanese titles and 20,000-character bodies pass, one more fails', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      await ageMembership(t, c.slug, fan.id);
      await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: '絆'.repeat(120), body: 'あ'.repeat(20_000) }).expect(201);
      const longTitle = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: '絆'.repeat(121), body: 'x' }).expect(400);
      expect(longTitle.body.fields).toHaveProperty('title');
      const longBody = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: 't', body: 'あ'.repeat(20_001) }).expect(400);
      expect(longBody.body.fields).toHaveProperty('body');
      const emoji = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: '🎉'.repeat(120), body: '🎉' }).expect(201);
      expect(emoji.body.title).toBe('🎉'.repeat(120));
    });

    it.each([
      ['empty title', { title: '', body: 'x' }, 'title'],
      ['blank title', { title: '   ', body: 'x' }, 'title'],
      ['empty body', { title: 't', body: '' }, 'body'],
      ['whitespace body', { title: 't', body: ' \n\t ' }, 'body'],
      ['title with a newline', { title: 'a\nb', body: 'x' }, 'title'],
      ['numeric body', { title: 't', body: 5 }, 'body'],
      ['missing body', { title: 't' }, 'body'],
      ['extra field', { title: 't', body: 'x', pinned: true }, 'pinned'],
    ])('400 for %s, naming the field', async (_name, payload, field) => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const res = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send(payload).expect(400);
      expect(res.body.fields).toHaveProperty(field);
      const [{ count }] = await t.db.dataSource.query(`SELECT count(*)::int AS count FROM threads WHERE board_id = $1`, [c.boardId]);
      expect(count).toBe(0);
    });

    it('lets only members post: 401 without a token, 403 for non-members, 404 for unknown ids', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan);
      const outsider = await signUp(t);
      await t.http().post(`/api/v1/boards/${c.boardId}/threads`).send({ title: 't', body: 'x' }).expect(401);
      await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(outsider.token)).send({ title: 't', body: 'x' }).expect(403);
      await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(outsider.token)).send({ body: 'x' }).expect(403);
      await t.http().post(`/api/v1/boards/${crypto.randomUUID()}/threads`).set(bearer(fan.token)).send({ title: 't', body: 'x' }).expect(404);
      await t.http().post(`/api/v1/threads/not-an-id/posts`).set(bearer(fan.token)).send({ body: 'x' }).expect(404);
      await t.http().get(`/api/v1/threads/${crypto.randomUUID()}`).expect(404);
      // Anyone may read a public community.
      await t.http().get(`/api/v1/threads/${thread.id}`).expect(200);
    });

    it('keeps read-only boards for staff and refuses replies in locked threads (409) except from moderators', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const moderator = await c.member('moderator');
      const news = await t.http().post(`/api/v1/communities/${c.slug}/boards`).set(bearer(c.owner.token)).send({ name: 'お知らせ', readOnly: true }).expect(201);
      const refused = await t.http().post(`/api/v1/boards/${news.body.id}/threads`).set(bearer(fan.token)).send({ title: 't', body: 'x' }).expect(403);
      expect(refused.body.message).toMatch(/staff/);
      await t.http().post(`/api/v1/boards/${news.body.id}/threads`).set(bearer(c.owner.token)).send({ title: '新商品のお知らせ', body: '発売します' }).expect(201);
      const thread = await startThread(t, c.boardId, fan);
      await t.http().post(`/api/v1/threads/${thread.id}/lock`).set(bearer(fan.token)).expect(403);
      const locked = await t.http().post(`/api/v1/threads/${thread.id}/lock`).set(bearer(moderator.token)).expect(200);
      expect(locked.body.locked).toBe(true);
      const closed = await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).send({ body: 'まだ？' }).expect(409);
      expect(closed.body).toMatchObject({ code: 'THREAD_LOCKED', message: expect.stringMatching(/locked/) });
      await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(moderator.token)).send({ body: 'ロックしました' }).expect(201);
      await t.http().delete(`/api/v1/threads/${thread.id}/lock`).set(bearer(moderator.token)).expect(200);
      await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).send({ body: '再開' }).expect(201);
    });

    it('lists pinned threads first, then newest', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      await ageMembership(t, c.slug, fan.id);
      const a = await startThread(t, c.boardId, fan, 'A');
      await startThread(t, c.boardId, fan, 'B');
      await startThread(t, c.boardId, fan, 'C');
      await t.http().post(`/api/v1/threads/${a.id}/pin`).set(bearer(c.owner.token)).expect(200);
      const res = await t.http().get(`/api/v1/boards/${c.boardId}/threads`).expect(200);
      expect(res.body.items.map((x: { title: string; pinned: boolean }) => [x.title, x.pinned])).toEqual([['A', true], ['C', false], ['B', false]]);
    });

    it('edits keep revisions; others cannot edit (403); deleting leaves a placeholder', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const other = await c.member();
      const thread = await startThread(t, c.boardId, fan, 't', '初版');
      const r = await reply(t, thread.id, fan, '返信の初版');
      const edited = await t.http().patch(`/api/v1/posts/${r.id}`).set(bearer(fan.token)).send({ body: '**改訂版**' }).expect(200);
      expect(edited.body).toMatchObject({ revision: 2, bodyHtml: '<p><strong>改訂版</strong></p>', editedAt: expect.any(String) });
      const revisions = await t.http().get(`/api/v1/posts/${r.id}/revisions`).expect(200);
      expect(revisions.body).toEqual([{ revision: 1, bodyMarkdown: '返信の初版', createdAt: expect.any(String) }]);
      await t.http().patch(`/api/v1/posts/${r.id}`).set(bearer(other.token)).send({ body: '乗っ取り' }).expect(403);
      await t.http().delete(`/api/v1/posts/${r.id}`).set(bearer(other.token)).expect(403);
      await t.http().patch(`/api/v1/posts/${r.id}`).set(bearer(fan.token)).send({ body: '' }).expect(400);
      await t.http().delete(`/api/v1/posts/${r.id}`).set(bearer(fan.token)).expect(204);
      const posts = await t.http().get(`/api/v1/threads/${thread.id}/posts`).expect(200);
      expect(posts.body.items[1]).toMatchObject({ id: r.id, deleted: true, bodyHtml: null, bodyMarkdown: null });
      expect((await t.http().get(`/api/v1/threads/${thread.id}`)).body.replyCount).toBe(0);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/boards`)).body[0].postCount).toBe(1);
      await t.http().patch(`/api/v1/posts/${r.id}`).set(bearer(fan.token)).send({ body: 'x' }).expect(409);
    });

    it('records activity for threads, replies and mentions of members', async () => {
      const c = await createCommunity(t);
      const fan = await c.member(undefined, 'さくら');
      const other = await c.member(undefined, 'はると');
      const thread = await startThread(t, c.boardId, fan, '質問', `@${other.displayName} どう思う？ \`@${fan.displayName}\` @誰でもない`);
      const r = await reply(t, thread.id, other, `@${fan.displayName} いいね`);
      const rows = await t.db.dataSource.query(
        `SELECT type, actor_id, data FROM activity WHERE community_id = (SELECT id FROM communities WHERE slug = $1) AND type IN ('thread.created','post.created','post.mentioned') ORDER BY id`,
        [c.slug],
      );
      expect(rows.map((a: { type: string; data: Record<string, unknown> }) => [a.type, a.data.mentionedUserId ?? null])).toEqual([
        ['post.mentioned', other.id],
        ['thread.created', null],
        ['post.created', null],
        ['post.mentioned', fan.id],
      ]);
      expect(rows[2].data).toMatchObject({ threadId: thread.id, seq: 2, threadAuthorId: fan.id });
      expect(r.seq).toBe(2);
    });

    it('accepts a reply to a post of the same thread only', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const a = await startThread(t, c.boardId, fan);
      const b = await startThread(t, c.boardId, fan);
      const ok = await t.http().post(`/api/v1/threads/${a.id}/posts`).set(bearer(fan.token)).send({ body: '> 引用\n\n返事', replyToPostId: a.posts.items[0].id }).expect(201);
      expect(ok.body.replyToPostId).toBe(a.posts.items[0].id);
      const bad = await t.http().post(`/api/v1/threads/${a.id}/posts`).set(bearer(fan.token)).send({ body: 'x', replyToPostId: b.posts.items[0].id }).expect(400);
      expect(bad.body.fields).toHaveProperty('replyToPostId');
    });
  });

  describe('unread markers and preview', () => {
    it('keeps each member\'s read position: forward only, capped at the last post', async () => {
      const c = await createCommunity(t);
      const author = await c.member();
      const reader = await c.member();
      const thread = await startThread(t, c.boardId, author);
      await reply(t, thread.id, author);
      const list = () => t.http().get(`/api/v1/boards/${c.boardId}/threads`).set(bearer(reader.token)).expect(200);
      expect((await list()).body.items[0]).toMatchObject({ lastSeq: 2, lastReadSeq: null });
      await t.http().put(`/api/v1/threads/${thread.id}/read`).set(bearer(reader.token)).send({ seq: 1 }).expect(204);
      expect((await list()).body.items[0].lastReadSeq).toBe(1);
      await t.http().put(`/api/v1/threads/${thread.id}/read`).set(bearer(reader.token)).send({ seq: 99 }).expect(204);
      await t.http().put(`/api/v1/threads/${thread.id}/read`).set(bearer(reader.token)).send({ seq: 1 }).expect(204);
      expect((await list()).body.items[0].lastReadSeq).toBe(2);
      expect((await t.http().put(`/api/v1/threads/${thread.id}/read`).set(bearer(reader.token)).send({ seq: 0 }).expect(400)).body.fields).toHaveProperty('seq');
      await t.http().put(`/api/v1/threads/${thread.id}/read`).set(bearer((await signUp(t)).token)).send({ seq: 1 }).expect(403);
      await t.http().put(`/api/v1/threads/${thread.id}/read`).send({ seq: 1 }).expect(401);
    });

    it('previews Markdown exactly as a post renders it', async () => {
      const fan = await signUp(t);
      const res = await t.http().post('/api/v1/preview').set(bearer(fan.token)).send({ body: '**太字** <script>x</script>' }).expect(200);
      expect(res.body.html).toBe('<p><strong>太字</strong> &lt;script&gt;x&lt;/script&gt;</p>');
      await t.http().post('/api/v1/preview').send({ body: 'x' }).expect(401);
      expect((await t.http().post('/api/v1/preview').set(bearer(fan.token)).send({ body: 'x'.repeat(20_001) }).expect(400)).body.fields).toHaveProperty('body');
    });
  });

  describe('cursor pagination', () => {
    it('pages through posts without duplicates or gaps while replies keep arriving', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const thread = await startThread(t, c.boardId, fan, 'ページ', '1');
      for (let i = 2; i <= 25; i += 1) await reply(t, thread.id, fan, String(i));
      const seen: number[] = [];
      let cursor: string | null = null;
      let writer = 26;
      do {
        const res = await t.http().get(`/api/v1/threads/${thread.id}/posts`).query({ limit: 4, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.items.map((p: { seq: number }) => p.seq));
        cursor = res.body.nextCursor;
        // Concurrent writers add replies between page reads.
        await Promise.all([reply(t, thread.id, fan, String(writer++)), reply(t, thread.id, fan, String(writer++))]);
      } while (cursor && seen.length < 200);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
      expect(seen.length).toBeGreaterThanOrEqual(25);
    });

    it('pages through threads without duplicates or gaps while new threads arrive', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const initial: string[] = [];
      for (let i = 0; i < 9; i += 1) initial.push((await startThread(t, c.boardId, fan, `T${i}`)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.http().get(`/api/v1/boards/${c.boardId}/threads`).query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.items.map((x: { id: string }) => x.id));
        cursor = res.body.nextCursor;
        await startThread(t, c.boardId, fan, 'new');
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...initial].reverse());
    });

    it('catches up from a known position with afterSeq (what a reconnecting client calls)', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const thread = await startThread(t, c.boardId, fan);
      for (let i = 0; i < 4; i += 1) await reply(t, thread.id, fan, `r${i}`);
      const res = await t.http().get(`/api/v1/threads/${thread.id}/posts`).query({ afterSeq: 3 }).expect(200);
      expect(res.body.items.map((p: { seq: number }) => p.seq)).toEqual([4, 5]);
      expect((await t.http().get(`/api/v1/threads/${thread.id}/posts`).query({ afterSeq: -1 }).expect(400)).body.fields).toHaveProperty('afterSeq');
    });

    it('caps the limit and refuses a malformed cursor (400 naming the field)', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan);
      expect((await t.http().get(`/api/v1/threads/${thread.id}/posts`).query({ limit: 101 }).expect(400)).body.fields).toHaveProperty('limit');
      expect((await t.http().get(`/api/v1/threads/${thread.id}/posts`).query({ cursor: 'garbage' }).expect(400)).body.fields).toHaveProperty('cursor');
      expect((await t.http().get(`/api/v1/boards/${c.boardId}/threads`).query({ cursor: 'e30' }).expect(400)).body.fields).toHaveProperty('cursor');
    });
  });

  describe('reactions', () => {
    it('are idempotent, counted per emoji with "did I react", and configurable per community', async () => {
      const c = await createCommunity(t, { settings: { reactionEmojis: ['👍', '🎉'] } });
      const author = await c.member();
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, author);
      const postId = thread.posts.items[0].id;
      const path = (emoji: string) => `/api/v1/posts/${postId}/reactions/${encodeURIComponent(emoji)}`;
      await t.http().put(path('👍')).set(bearer(fan.token)).expect(200);
      const again = await t.http().put(path('👍')).set(bearer(fan.token)).expect(200);
      expect(again.body.reactions).toEqual([{ emoji: '👍', count: 1, reacted: true }, { emoji: '🎉', count: 0, reacted: false }]);
      const seenByAuthor = await t.http().get(`/api/v1/threads/${thread.id}/posts`).set(bearer(author.token)).expect(200);
      expect(seenByAuthor.body.items[0].reactions[0]).toEqual({ emoji: '👍', count: 1, reacted: false });
      expect((await t.http().get(`/api/v1/threads/${thread.id}`)).body.reactionCount).toBe(1);
      await t.http().delete(path('👍')).set(bearer(fan.token)).expect(200);
      const gone = await t.http().delete(path('👍')).set(bearer(fan.token)).expect(200);
      expect(gone.body.reactions[0]).toEqual({ emoji: '👍', count: 0, reacted: false });
      const unknown = await t.http().put(path('❤️')).set(bearer(fan.token)).expect(400);
      expect(unknown.body.fields).toHaveProperty('emoji');
      await t.http().put(path('👍')).set(bearer(author.token)).expect(403);
      await t.http().put(path('👍')).expect(401);
      await t.http().put(path('👍')).set(bearer((await signUp(t)).token)).expect(403);
      await t.http().put(`/api/v1/posts/${crypto.randomUUID()}/reactions/${encodeURIComponent('👍')}`).set(bearer(fan.token)).expect(404);
      const activity = await t.db.dataSource.query(`SELECT type, data FROM activity WHERE subject_id = $1 AND type LIKE 'reaction.%' ORDER BY id`, [postId]);
      expect(activity.map((a: { type: string }) => a.type)).toEqual(['reaction.added', 'reaction.removed']);
      expect(activity[0].data).toMatchObject({ emoji: '👍', receiverId: author.id });
    });

    it('counts exactly under concurrent reactions', async () => {
      const c = await createCommunity(t);
      const author = await c.member();
      const fans = await Promise.all([1, 2, 3, 4, 5].map(() => c.member()));
      const thread = await startThread(t, c.boardId, author);
      const postId = thread.posts.items[0].id;
      const path = `/api/v1/posts/${postId}/reactions/${encodeURIComponent('👍')}`;
      await Promise.all(fans.flatMap((f) => [t.http().put(path).set(bearer(f.token)), t.http().put(path).set(bearer(f.token))]));
      const res = await t.http().get(`/api/v1/threads/${thread.id}/posts`).expect(200);
      expect(res.body.items[0].reactions.find((r: { emoji: string }) => r.emoji === '👍').count).toBe(5);
    });

    it('rejects a reaction set that is not emoji (400 naming the field)', async () => {
      const c = await createCommunity(t);
      const res = await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ reactionEmojis: ['like'] }).expect(400);
      expect(res.body.fields).toHaveProperty('reactionEmojis');
    });
  });

  describe('flood protection for new members', () => {
    it('answers a burst beyond the hourly limit with 429 and Retry-After, and lets older members post', async () => {
      const c = await createCommunity(t, { settings: { newMemberPostsPerHour: 3 } });
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan);
      await reply(t, thread.id, fan);
      await reply(t, thread.id, fan);
      const res = await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).send({ body: 'もう一回' }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
      expect(res.body).toMatchObject({ code: 'POSTING_LIMIT', statusCode: 429 });
      await ageMembership(t, c.slug, fan.id);
      await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).send({ body: 'もう一回' }).expect(201);
    });
  });
});
