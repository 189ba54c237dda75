import { createCommunity, reply, startThread } from '../support/community';
import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

describe('moderation: flags, auto-hide, queue, hide, lock, pin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const flag = (postId: string, token: string, body: object = { reason: 'spam' }) =>
    t.http().post(`/api/v1/posts/${postId}/flags`).set(bearer(token)).send(body);

  it('hides a post after N distinct reports; only moderators and the author still read it', async () => {
    const c = await createCommunity(t, { settings: { autoHideFlagCount: 2 } });
    const author = await c.member();
    const thread = await startThread(t, c.boardId, author);
    const r = await reply(t, thread.id, author, '怪しい宣伝 https://spam.example');
    const [a, b, reader] = await Promise.all([c.member(), c.member(), c.member()]);
    const moderator = await c.member('moderator');
    expect((await flag(r.id, a.token).expect(201)).body).toEqual({ hidden: false });
    const dup = await flag(r.id, a.token).expect(409);
    expect(dup.body.code).toBe('ALREADY_FLAGGED');
    expect((await flag(r.id, b.token, { reason: 'inappropriate', note: '広告です' }).expect(201)).body).toEqual({ hidden: true });

    const forReader = await t.http().get(`/api/v1/threads/${thread.id}/posts`).set(bearer(reader.token)).expect(200);
    expect(forReader.body.items[1]).toMatchObject({ hidden: true, bodyHtml: null, bodyMarkdown: null, hiddenReason: null, flagCount: 0 });
    const anonymous = await t.http().get(`/api/v1/threads/${thread.id}/posts`).expect(200);
    expect(anonymous.body.items[1].bodyHtml).toBeNull();
    const forAuthor = await t.http().get(`/api/v1/threads/${thread.id}/posts`).set(bearer(author.token)).expect(200);
    expect(forAuthor.body.items[1]).toMatchObject({ hidden: true, hiddenReason: 'flags', bodyMarkdown: '怪しい宣伝 https://spam.example' });
    const forModerator = await t.http().get(`/api/v1/threads/${thread.id}/posts`).set(bearer(moderator.token)).expect(200);
    expect(forModerator.body.items[1]).toMatchObject({ hidden: true, flagCount: 2, bodyMarkdown: expect.any(String) });
    // Reactions and reports on a hidden post are refused to those who cannot see it.
    await t.http().put(`/api/v1/posts/${r.id}/reactions/${encodeURIComponent('👍')}`).set(bearer(reader.token)).expect(404);

    const queue = await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(moderator.token)).expect(200);
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0]).toMatchObject({ post: { id: r.id }, threadTitle: 'スレッド' });
    expect(queue.body.items[0].flags.map((f: { reason: string; note: string }) => [f.reason, f.note])).toEqual([['spam', ''], ['inappropriate', '広告です']]);

    // The moderator reviews: shows it again; the reports are resolved and the queue empties.
    const shown = await t.http().delete(`/api/v1/posts/${r.id}/hide`).set(bearer(moderator.token)).expect(200);
    expect(shown.body).toMatchObject({ hidden: false, bodyHtml: expect.any(String) });
    expect((await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(moderator.token))).body.items).toEqual([]);
    const types = await t.db.dataSource.query(`SELECT type FROM activity WHERE subject_id = $1 ORDER BY id`, [r.id]);
    expect(types.map((x: { type: string }) => x.type)).toEqual(['post.created', 'post.flagged', 'post.flagged', 'post.hidden', 'post.unhidden']);
  });

  it('lets moderators hide a post directly, and dismiss reports without hiding', async () => {
    const c = await createCommunity(t);
    const author = await c.member();
    const moderator = await c.member('moderator');
    const fan = await c.member();
    const thread = await startThread(t, c.boardId, author);
    const r = await reply(t, thread.id, author);
    await t.http().post(`/api/v1/posts/${r.id}/hide`).set(bearer(fan.token)).expect(403);
    const hidden = await t.http().post(`/api/v1/posts/${r.id}/hide`).set(bearer(moderator.token)).expect(200);
    expect(hidden.body).toMatchObject({ hidden: true, hiddenReason: 'moderator' });
    await t.http().delete(`/api/v1/posts/${r.id}/hide`).set(bearer(moderator.token)).expect(200);
    await flag(r.id, fan.token).expect(201);
    await t.http().delete(`/api/v1/posts/${r.id}/flags`).set(bearer(fan.token)).expect(403);
    await t.http().delete(`/api/v1/posts/${r.id}/flags`).set(bearer(moderator.token)).expect(204);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(moderator.token))).body.items).toEqual([]);
  });

  it('dismissing the reports that hid a post shows it again', async () => {
    const c = await createCommunity(t, { settings: { autoHideFlagCount: 1 } });
    const author = await c.member();
    const fan = await c.member();
    const thread = await startThread(t, c.boardId, author);
    const r = await reply(t, thread.id, author, '誤解された投稿');
    expect((await flag(r.id, fan.token).expect(201)).body).toEqual({ hidden: true });
    await t.http().delete(`/api/v1/posts/${r.id}/flags`).set(bearer(c.owner.token)).expect(204);
    const posts = await t.http().get(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).expect(200);
    expect(posts.body.items[1]).toMatchObject({ hidden: false, bodyHtml: '<p>誤解された投稿</p>' });
  });

  it('hiding an opening post hides its thread from lists, except for moderators and the author', async () => {
    const c = await createCommunity(t);
    const author = await c.member();
    const moderator = await c.member('moderator');
    const fan = await c.member();
    const thread = await startThread(t, c.boardId, author, 'スパム');
    await t.http().post(`/api/v1/posts/${thread.posts.items[0].id}/hide`).set(bearer(moderator.token)).expect(200);
    expect((await t.http().get(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token))).body.items).toEqual([]);
    await t.http().get(`/api/v1/threads/${thread.id}`).set(bearer(fan.token)).expect(404);
    expect((await t.http().get(`/api/v1/boards/${c.boardId}/threads`).set(bearer(author.token))).body.items).toHaveLength(1);
    expect((await t.http().get(`/api/v1/boards/${c.boardId}/threads`).set(bearer(moderator.token))).body.items[0]).toMatchObject({ hidden: true });
  });

  it('refuses reports that make no sense: own post (403), non-member (403), bad reason (400 naming the field), unknown post (404)', async () => {
    const c = await createCommunity(t);
    const author = await c.member();
    const thread = await startThread(t, c.boardId, author);
    const postId = thread.posts.items[0].id;
    await flag(postId, author.token).expect(403);
    await flag(postId, (await signUp(t)).token).expect(403);
    const fan = await c.member();
    expect((await flag(postId, fan.token, { reason: 'boring' }).expect(400)).body.fields).toHaveProperty('reason');
    expect((await flag(postId, fan.token, { reason: 'other', note: 'x'.repeat(501) }).expect(400)).body.fields).toHaveProperty('note');
    await flag(crypto.randomUUID(), fan.token).expect(404);
    await t.http().post(`/api/v1/posts/${postId}/flags`).send({ reason: 'spam' }).expect(401);
  });

  it('keeps the moderation queue for moderators of that community only', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const fan = await c.member();
    const analyst = await c.member('analyst');
    await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(fan.token)).expect(403);
    await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(analyst.token)).expect(403);
    await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(other.owner.token)).expect(403);
    await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).expect(401);
    await t.http().get(`/api/v1/communities/${c.slug}/moderation/queue`).set(bearer(c.owner.token)).expect(200);
    // Another community's moderator cannot act on this community's posts.
    const thread = await startThread(t, c.boardId, fan);
    await t.http().post(`/api/v1/posts/${thread.posts.items[0].id}/hide`).set(bearer(other.owner.token)).expect(403);
    await t.http().post(`/api/v1/threads/${thread.id}/lock`).set(bearer(other.owner.token)).expect(403);
    await t.http().post(`/api/v1/threads/${thread.id}/pin`).set(bearer(other.owner.token)).expect(403);
  });

  it('pins and unpins idempotently, moderators only', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const thread = await startThread(t, c.boardId, fan);
    await t.http().post(`/api/v1/threads/${thread.id}/pin`).set(bearer(fan.token)).expect(403);
    await t.http().post(`/api/v1/threads/${thread.id}/pin`).set(bearer(c.owner.token)).expect(200);
    expect((await t.http().post(`/api/v1/threads/${thread.id}/pin`).set(bearer(c.owner.token)).expect(200)).body.pinned).toBe(true);
    expect((await t.http().delete(`/api/v1/threads/${thread.id}/pin`).set(bearer(c.owner.token)).expect(200)).body.pinned).toBe(false);
    const pins = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE subject_id = $1 AND type = 'thread.pinned'`, [thread.id]);
    expect(pins[0].n).toBe(1);
  });
});
