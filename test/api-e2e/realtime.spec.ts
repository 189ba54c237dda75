import jwt from 'jsonwebtoken';
import { createCommunity, reply, startThread } from '../support/community';
import { closeAll, collect, connect, next, request } from '../support/sockets';
import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

describe('realtime: socket gateway, events from the outbox, presence, typing, notifications', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    url = await t.listen();
  });
  afterEach(() => closeAll());
  afterAll(() => t.close());

  describe('handshake', () => {
    it('refuses a missing, forged or expired token and accepts a valid one', async () => {
      const fan = await signUp(t);
      await expect(connect(url, undefined)).rejects.toThrow(/unauthorized/);
      await expect(connect(url, 'not-a-jwt')).rejects.toThrow(/unauthorized/);
      await expect(connect(url, jwt.sign({ sub: fan.id }, 'some-other-secret-some-other-secret'))).rejects.toThrow(/unauthorized/);
      await expect(connect(url, jwt.sign({ sub: fan.id, exp: Math.floor(Date.now() / 1000) - 5 }, t.config.jwtSecret))).rejects.toThrow(/unauthorized/);
      const socket = await connect(url, fan.token);
      expect(socket.connected).toBe(true);
    });
  });

  describe('rooms', () => {
    it('lets members subscribe and refuses non-members, unknown and malformed rooms', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan);
      const outsider = await signUp(t);
      const member = await connect(url, fan.token);
      const stranger = await connect(url, outsider.token);
      for (const room of [`community:${c.slug}`, `board:${c.boardId}`, `thread:${thread.id}`]) {
        expect(await request(member, 'subscribe', { room })).toEqual({ ok: true });
        expect(await request(stranger, 'subscribe', { room })).toEqual({ ok: false, error: 'join this community first' });
      }
      expect(await request(member, 'subscribe', { room: `thread:${crypto.randomUUID()}` })).toEqual({ ok: false, error: 'not found' });
      expect((await request(member, 'subscribe', { room: 'user:someone' })).ok).toBe(false);
      expect((await request(member, 'subscribe', { room: 42 })).ok).toBe(false);
      expect((await request(member, 'subscribe', null)).ok).toBe(false);
      expect(await request(member, 'unsubscribe', { room: `thread:${thread.id}` })).toEqual({ ok: true });
    });
  });

  describe('events from the outbox', () => {
    it('delivers a reply, an edit and a reaction to the thread room, and a new thread to the board room', async () => {
      const c = await createCommunity(t);
      const author = await c.member();
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, author, '生配信');
      const watcher = await connect(url, author.token);
      await request(watcher, 'subscribe', { room: `thread:${thread.id}` });
      await request(watcher, 'subscribe', { room: `board:${c.boardId}` });
      const created = next(watcher, 'post.created');
      const r = await reply(t, thread.id, fan, '**最高**');
      // Nothing is emitted by the request itself: only the dispatcher announces committed activity.
      await expect(next(watcher, 'post.created', () => true, 200)).rejects.toThrow();
      await t.drainOutbox();
      expect(await created).toEqual({
        threadId: thread.id,
        postId: r.id,
        seq: 2,
        author: { id: fan.id, displayName: fan.displayName, title: null },
        bodyHtml: '<p><strong>最高</strong></p>',
        replyToPostId: null,
        createdAt: expect.any(String),
      });
      const updated = next(watcher, 'post.updated');
      await t.http().patch(`/api/v1/posts/${r.id}`).set(bearer(fan.token)).send({ body: '最高！' }).expect(200);
      await t.drainOutbox();
      expect(await updated).toMatchObject({ postId: r.id, bodyHtml: '<p>最高！</p>', revision: 2, deleted: false });
      const reacted = next(watcher, 'reaction.updated');
      await t.http().put(`/api/v1/posts/${r.id}/reactions/${encodeURIComponent('👍')}`).set(bearer(author.token)).expect(200);
      await t.drainOutbox();
      expect(await reacted).toEqual({ threadId: thread.id, postId: r.id, emoji: '👍', count: 1 });
      const newThread = next(watcher, 'thread.created');
      const other = await startThread(t, c.boardId, fan, '新スレ');
      await t.drainOutbox();
      expect(await newThread).toMatchObject({ threadId: other.id, boardId: c.boardId, title: '新スレ' });
    });

    it('never sends a room event to a socket outside the room', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const thread = await startThread(t, c.boardId, fan);
      const bystander = await connect(url, (await c.member()).token);
      const seen = collect(bystander, 'post.created');
      const watcher = await connect(url, fan.token);
      await request(watcher, 'subscribe', { room: `thread:${thread.id}` });
      const delivered = next(watcher, 'post.created');
      await reply(t, thread.id, fan);
      await t.drainOutbox();
      await delivered;
      await request(bystander, 'unsubscribe', { room: `thread:${thread.id}` }); // a round trip after delivery
      expect(seen).toEqual([]);
    });
  });

  describe('presence and typing', () => {
    it('counts distinct people reading a thread and updates when one leaves', async () => {
      const c = await createCommunity(t);
      const a = await c.member(undefined, 'さくら');
      const b = await c.member(undefined, 'はると');
      const thread = await startThread(t, c.boardId, a);
      const room = `thread:${thread.id}` as const;
      const sa = await connect(url, a.token);
      const sa2 = await connect(url, a.token);
      const sb = await connect(url, b.token);
      await request(sa, 'subscribe', { room });
      await request(sa2, 'subscribe', { room });
      const both = next(sa, 'presence', (p) => p.count === 2);
      await request(sb, 'subscribe', { room });
      expect((await both).names.sort()).toEqual([a.displayName, b.displayName].sort());
      const one = next(sa, 'presence', (p) => p.count === 1);
      sb.close();
      expect(await one).toEqual({ room, count: 1, names: [a.displayName] });
    });

    it('relays typing to the other readers, throttled, and only from subscribers', async () => {
      const c = await createCommunity(t);
      const a = await c.member();
      const b = await c.member();
      const thread = await startThread(t, c.boardId, a);
      const room = `thread:${thread.id}` as const;
      const sa = await connect(url, a.token);
      const sb = await connect(url, b.token);
      expect((await request(sa, 'typing', { threadId: thread.id })).ok).toBe(false);
      await request(sa, 'subscribe', { room });
      await request(sb, 'subscribe', { room });
      const atB = collect(sb, 'typing');
      const atA = collect(sa, 'typing');
      await request(sa, 'typing', { threadId: thread.id });
      await request(sa, 'typing', { threadId: thread.id });
      await next(sb, 'typing', () => true, 1000).catch(() => undefined);
      await request(sb, 'subscribe', { room }); // a round trip, so any stray relay would have arrived
      expect(atB).toEqual([{ threadId: thread.id, user: { id: a.id, displayName: a.displayName } }]);
      expect(atA).toEqual([]);
    });
  });

  describe('protection', () => {
    it('answers unknown events, oversized payloads and floods with an error ack, and keeps serving', async () => {
      const fan = await signUp(t);
      const other = await connect(url, (await signUp(t)).token);
      const socket = await connect(url, fan.token);
      expect(await request(socket, 'drop-tables', {})).toEqual({ ok: false, error: 'unknown event drop-tables' });
      expect(await request(socket, 'subscribe', { room: 'x'.repeat(5000) })).toEqual({ ok: false, error: 'payload too large' });
      const burst = await Promise.all(Array.from({ length: 40 }, () => request(socket, 'unsubscribe', { room: 'community:abc' })));
      expect(burst.some((a) => a.error === 'too many events: slow down')).toBe(true);
      expect(burst.filter((a) => a.ok).length).toBeGreaterThan(10);
      expect(socket.connected).toBe(true);
      expect(await request(other, 'unsubscribe', { room: 'community:abc' })).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(await request(socket, 'unsubscribe', { room: 'community:abc' })).toEqual({ ok: true });
    });
  });

  describe('notifications', () => {
    it('notifies a thread author of a reply, live and in the list, and marks it read', async () => {
      const c = await createCommunity(t);
      const author = await c.member(undefined, 'スレ主');
      const fan = await c.member(undefined, '返信者');
      const thread = await startThread(t, c.boardId, author, '通知テスト');
      const socket = await connect(url, author.token);
      const live = next(socket, 'notification');
      const r = await reply(t, thread.id, fan);
      await t.drainOutbox();
      const pushed = await live;
      expect(pushed).toMatchObject({ type: 'reply', unreadCount: 1 });
      const list = await t.http().get('/api/v1/me/notifications').set(bearer(author.token)).expect(200);
      expect(list.body).toMatchObject({ unreadCount: 1, nextCursor: null });
      expect(list.body.items[0]).toMatchObject({
        id: pushed.id,
        type: 'reply',
        communitySlug: c.slug,
        actor: { id: fan.id, displayName: fan.displayName },
        threadId: thread.id,
        postId: r.id,
        threadTitle: '通知テスト',
        postSeq: 2,
        replyTo: 'thread',
        read: false,
      });
      // The replier is not notified of their own reply.
      expect((await t.http().get('/api/v1/me/notifications').set(bearer(fan.token))).body.items).toEqual([]);
      // Redelivery of the same activity makes no second notification.
      await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
      await t.drainOutbox();
      expect((await t.http().get('/api/v1/me/notifications').set(bearer(author.token))).body.items).toHaveLength(1);
      const read = await t.http().post('/api/v1/me/notifications/read').set(bearer(author.token)).send({ ids: [pushed.id] }).expect(200);
      expect(read.body).toEqual({ unreadCount: 0 });
    });

    it('bundles reactions on one post and notifies mentions', async () => {
      const c = await createCommunity(t);
      const author = await c.member(undefined, 'ゆい');
      const fans = await Promise.all([c.member(), c.member(), c.member()]);
      const thread = await startThread(t, c.boardId, author);
      const postId = thread.posts.items[0].id;
      for (const f of fans) await t.http().put(`/api/v1/posts/${postId}/reactions/${encodeURIComponent('❤️')}`).set(bearer(f.token)).expect(200);
      await reply(t, thread.id, fans[0], `@${author.displayName} すごい`);
      await t.drainOutbox();
      const list = await t.http().get('/api/v1/me/notifications').set(bearer(author.token)).expect(200);
      const byType = Object.fromEntries(list.body.items.map((n: { type: string }) => [n.type, n]));
      expect(byType.reaction).toMatchObject({ othersCount: 2, actor: { id: fans[2].id }, emoji: '❤️' });
      expect(byType.mention).toMatchObject({ actor: { id: fans[0].id } });
      expect(byType.reply).toBeDefined();
      await t.http().post('/api/v1/me/notifications/read').set(bearer(author.token)).send({}).expect(200);
      expect((await t.http().get('/api/v1/me/notifications').set(bearer(author.token))).body.unreadCount).toBe(0);
    });

    it('401 without a token; 400 naming ids for malformed ids', async () => {
      const fan = await signUp(t);
      await t.http().get('/api/v1/me/notifications').expect(401);
      await t.http().post('/api/v1/me/notifications/read').send({}).expect(401);
      expect((await t.http().post('/api/v1/me/notifications/read').set(bearer(fan.token)).send({ ids: ['x'] }).expect(400)).body.fields).toHaveProperty('ids');
    });
  });
});
