import { createCommunity } from '../support/community';
import { closeAll, connect, next } from '../support/sockets';
import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

describe('recognition: badges and manual awards', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    url = await t.listen();
  });
  afterEach(() => closeAll());
  afterAll(() => t.close());

  const badge = (over: Record<string, unknown> = {}) => ({
    key: `helper-${Math.random().toString(36).slice(2, 8)}`,
    name: { ja: 'お手伝い', en: 'Helper' },
    description: { ja: 'イベントを手伝ってくれた', en: 'Helped at an event' },
    icon: '🤝',
    tier: 'silver',
    grantsTitle: { ja: '名サポーター', en: 'Great supporter' },
    ...over,
  });

  it('lets managers define a badge and award it once, with who and why; the fan gets it live and as a notification', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const created = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge()).expect(201);
    expect(created.body).toMatchObject({ name: { ja: 'お手伝い', en: 'Helper' }, tier: 'silver', rule: null, holders: 0, grantsTitle: { ja: '名サポーター', en: 'Great supporter' } });
    const socket = await connect(url, fan.token);
    const live = next(socket, 'badge.awarded');
    const award = await t.http().post(`/api/v1/communities/${c.slug}/badges/${created.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: 'オフ会の受付' }).expect(201);
    expect(award.body).toMatchObject({ badgeId: created.body.id, userId: fan.id, reason: 'オフ会の受付', awardedBy: c.owner.id });
    const again = await t.http().post(`/api/v1/communities/${c.slug}/badges/${created.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: 'x' }).expect(409);
    expect(again.body.code).toBe('ALREADY_AWARDED');
    await t.drainOutbox();
    expect(await live).toEqual({
      badgeId: created.body.id,
      key: created.body.key,
      icon: '🤝',
      tier: 'silver',
      name: { ja: 'お手伝い', en: 'Helper' },
      communitySlug: c.slug,
      title: { ja: '名サポーター', en: 'Great supporter' },
    });
    const notes = await t.http().get('/api/v1/me/notifications').set(bearer(fan.token)).expect(200);
    expect(notes.body.items[0]).toMatchObject({ type: 'badge', badge: { id: created.body.id, icon: '🤝' }, actor: { id: c.owner.id } });
    const list = await t.http().get(`/api/v1/communities/${c.slug}/badges`).set(bearer(fan.token)).expect(200);
    expect(list.body.find((b: { id: string }) => b.id === created.body.id)).toMatchObject({ holders: 1, held: true });
  });

  it('grants a multiple-grant badge again, and awards exactly once under concurrency otherwise', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const multi = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ multiple: true })).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${multi.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '1回目' }).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${multi.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '2回目' }).expect(201);
    const single = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge()).expect(201);
    const results = await Promise.all([1, 2, 3, 4].map(() => t.http().post(`/api/v1/communities/${c.slug}/badges/${single.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '同時' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM badge_awards WHERE badge_id = $1 AND revoked_at IS NULL`, [single.body.id]);
    expect(n).toBe(1);
  });

  it('revokes with a reason and keeps the history; the badge can be awarded again after', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const b = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge()).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '付与' }).expect(201);
    await t.http().delete(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards/${fan.id}`).query({ reason: '誤って付与' }).set(bearer(c.owner.token)).expect(204);
    await t.http().delete(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards/${fan.id}`).set(bearer(c.owner.token)).expect(404);
    const rows = await t.db.dataSource.query(`SELECT reason, awarded_by, revoked_by, revoke_reason FROM badge_awards WHERE badge_id = $1`, [b.body.id]);
    expect(rows).toEqual([{ reason: '付与', awarded_by: c.owner.id, revoked_by: c.owner.id, revoke_reason: '誤って付与' }]);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '再付与' }).expect(201);
    const types = await t.db.dataSource.query(`SELECT type FROM activity WHERE subject_id = $1 ORDER BY id`, [b.body.id]);
    expect(types.map((r: { type: string }) => r.type)).toEqual(['badge.created', 'badge.awarded', 'badge.revoked', 'badge.awarded']);
  });

  it('keeps badge management to owners and managers: member 403, moderator 403, analyst 403, anonymous 401', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const b = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge()).expect(201);
    for (const role of [undefined, 'moderator', 'analyst'] as const) {
      const actor = await c.member(role);
      await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(actor.token)).send(badge()).expect(403);
      await t.http().post(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards`).set(bearer(actor.token)).send({ userId: fan.id, reason: 'x' }).expect(403);
      await t.http().delete(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards/${fan.id}`).set(bearer(actor.token)).expect(403);
    }
    await t.http().post(`/api/v1/communities/${c.slug}/badges`).send(badge()).expect(401);
    const manager = await c.member('manager');
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${b.body.id}/awards`).set(bearer(manager.token)).send({ userId: fan.id, reason: 'x' }).expect(201);
  });

  it('404 for another community\'s badge, a non-member or an unknown badge; 409 for a taken key', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const fan = await c.member();
    const outsider = await signUp(t);
    const theirs = await t.http().post(`/api/v1/communities/${other.slug}/badges`).set(bearer(other.owner.token)).send(badge()).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${theirs.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: 'x' }).expect(404);
    const mine = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'taken-key' })).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${mine.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: outsider.id, reason: 'x' }).expect(404);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${crypto.randomUUID()}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: 'x' }).expect(404);
    expect((await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'taken-key' })).expect(409)).body.fields).toHaveProperty('key');
  });

  it.each([
    ['bad key', { key: 'Bad Key' }, 'key'],
    ['missing English name', { name: { ja: 'だけ' } }, 'name.en'],
    ['unknown tier', { tier: 'diamond' }, 'tier'],
    ['script icon', { icon: 'javascript:alert(1)' }, 'icon'],
    ['rule of an unknown type', { rule: { type: 'magic' } }, 'rule'],
    ['rule with a bad count', { rule: { type: 'count', activity: 'post.created', atLeast: 0 } }, 'rule'],
  ])('400 for %s, naming the field', async (_name, over, field) => {
    const c = await createCommunity(t);
    const res = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge(over)).expect(400);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
  });

  describe('rule badges', () => {
    const replies = (n: number) => ({ type: 'count', activity: 'post.created', atLeast: n });

    it('awards a rule badge exactly once when the qualifying replies arrive concurrently', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const rule = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'three-replies', rule: replies(3) })).expect(201);
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(c.owner.token)).send({ title: 't', body: 'x' }).expect(201);
      await Promise.all([1, 2, 3, 4, 5].map((i) => t.http().post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(fan.token)).send({ body: `返信${i}` }).expect(201)));
      await Promise.all([t.drainOutbox(), t.drainOutbox()]);
      const awards = await t.db.dataSource.query(`SELECT user_id, awarded_by, reason FROM badge_awards WHERE badge_id = $1`, [rule.body.id]);
      expect(awards).toEqual([{ user_id: fan.id, awarded_by: null, reason: 'rule' }]);
      const announced = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE type = 'badge.awarded' AND subject_id = $1`, [rule.body.id]);
      expect(announced[0].n).toBe(1);
      // Re-delivering everything awards nothing more.
      await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
      await t.drainOutbox();
      expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM badge_awards WHERE badge_id = $1`, [rule.body.id]))[0].n).toBe(1);
    });

    it('does not award before the rule is met', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const rule = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'ten-replies', rule: replies(10) })).expect(201);
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(c.owner.token)).send({ title: 't', body: 'x' }).expect(201);
      await t.http().post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(fan.token)).send({ body: '一つだけ' }).expect(201);
      await t.drainOutbox();
      expect(await t.db.dataSource.query(`SELECT * FROM badge_awards WHERE badge_id = $1`, [rule.body.id])).toEqual([]);
    });

    it('back-fills a new rule badge to members who already qualify, and only to them', async () => {
      const c = await createCommunity(t);
      const active = await c.member('moderator');
      const quiet = await c.member();
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(c.owner.token)).send({ title: 't', body: 'x' }).expect(201);
      for (let i = 0; i < 2; i += 1) await t.http().post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(active.token)).send({ body: `r${i}` }).expect(201);
      await t.drainOutbox();
      const rule = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'two-replies', rule: replies(2) })).expect(201);
      await t.drainOutbox();
      const holders = await t.db.dataSource.query(`SELECT user_id FROM badge_awards WHERE badge_id = $1 AND revoked_at IS NULL`, [rule.body.id]);
      expect(holders).toEqual([{ user_id: active.id }]);
      expect(holders.map((h: { user_id: string }) => h.user_id)).not.toContain(quiet.id);
    });

    it('awards a Nice-post badge to the author whose post collects reactions', async () => {
      const c = await createCommunity(t);
      const author = await c.member();
      const fans = await Promise.all([c.member(), c.member()]);
      const nice = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ key: 'nice-post', rule: { type: 'reactionsOnOnePost', atLeast: 2 } })).expect(201);
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(author.token)).send({ title: '良い投稿', body: 'x' }).expect(201);
      const postId = thread.body.posts.items[0].id;
      for (const f of fans) await t.http().put(`/api/v1/posts/${postId}/reactions/${encodeURIComponent('👍')}`).set(bearer(f.token)).expect(200);
      await t.drainOutbox();
      expect(await t.db.dataSource.query(`SELECT user_id FROM badge_awards WHERE badge_id = $1`, [nice.body.id])).toEqual([{ user_id: author.id }]);
    });
  });

  describe('editing badges', () => {
    it('edits a badge, back-fills a changed rule, archives it; members cannot (403); bad rule 400', async () => {
      const c = await createCommunity(t);
      const fan = await c.member('moderator');
      const b = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ rule: { type: 'count', activity: 'post.created', atLeast: 5 } })).expect(201);
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(c.owner.token)).send({ title: 't', body: 'x' }).expect(201);
      await t.http().post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(fan.token)).send({ body: '一つ' }).expect(201);
      await t.drainOutbox();
      expect(await t.db.dataSource.query(`SELECT * FROM badge_awards WHERE badge_id = $1`, [b.body.id])).toEqual([]);
      const edited = await t.http().patch(`/api/v1/communities/${c.slug}/badges/${b.body.id}`).set(bearer(c.owner.token)).send({ tier: 'gold', rule: { type: 'count', activity: 'post.created', atLeast: 1 } }).expect(200);
      expect(edited.body).toMatchObject({ tier: 'gold', rule: { atLeast: 1 } });
      await t.drainOutbox();
      expect(await t.db.dataSource.query(`SELECT user_id FROM badge_awards WHERE badge_id = $1`, [b.body.id])).toEqual([{ user_id: fan.id }]);
      await t.http().patch(`/api/v1/communities/${c.slug}/badges/${b.body.id}`).set(bearer(fan.token)).send({ tier: 'bronze' }).expect(403);
      expect((await t.http().patch(`/api/v1/communities/${c.slug}/badges/${b.body.id}`).set(bearer(c.owner.token)).send({ rule: { type: 'streak' } }).expect(400)).body.fields).toHaveProperty('rule');
      await t.http().patch(`/api/v1/communities/${c.slug}/badges/${b.body.id}`).set(bearer(c.owner.token)).send({ archived: true }).expect(200);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token))).body.map((x: { id: string }) => x.id)).not.toContain(b.body.id);
      await t.http().patch(`/api/v1/communities/${c.slug}/badges/${b.body.id}`).set(bearer(c.owner.token)).send({ tier: 'bronze' }).expect(404);
    });
  });

  describe('titles, points, ranks, profile and leaderboard', () => {
    it('lets a member show only a title they hold, and shows it on the profile and leaderboard', async () => {
      const c = await createCommunity(t);
      const fan = await c.member();
      const titled = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge()).expect(201);
      const path = `/api/v1/communities/${c.slug}/me/title`;
      const notHeld = await t.http().put(path).set(bearer(fan.token)).send({ titleId: titled.body.id }).expect(400);
      expect(notHeld.body).toMatchObject({ code: 'TITLE_NOT_HELD', fields: { titleId: expect.any(Array) } });
      await t.http().post(`/api/v1/communities/${c.slug}/badges/${titled.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '感謝' }).expect(201);
      expect((await t.http().get(path).set(bearer(fan.token)).expect(200)).body).toEqual({
        titles: [{ id: titled.body.id, name: { ja: '名サポーター', en: 'Great supporter' }, source: 'badge', expiresAt: null }],
        shown: null,
      });
      await t.http().put(path).set(bearer(fan.token)).send({ titleId: titled.body.id }).expect(200);
      const profile = await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(200);
      expect(profile.body).toMatchObject({ title: { ja: '名サポーター', en: 'Great supporter' }, badges: [{ id: titled.body.id, icon: '🤝', tier: 'silver' }] });
      await t.http().put(path).set(bearer(fan.token)).send({ titleId: null }).expect(200);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`)).body.title).toBeNull();
      expect((await t.http().put(path).set(bearer(fan.token)).send({ titleId: 'x' }).expect(400)).body.fields).toHaveProperty('titleId');
      await t.http().put(path).set(bearer((await signUp(t)).token)).send({ titleId: null }).expect(403);
      await t.http().get(path).expect(401);
    });

    it('keeps the points ledger consistent after re-delivery and after a post is deleted; no points for reacting to oneself', async () => {
      const c = await createCommunity(t);
      const author = await c.member();
      const fan = await c.member();
      const thread = await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(author.token)).send({ title: 't', body: 'x' }).expect(201);
      const r = await t.http().post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(author.token)).send({ body: '返信' }).expect(201);
      await t.http().put(`/api/v1/posts/${r.body.id}/reactions/${encodeURIComponent('👍')}`).set(bearer(fan.token)).expect(200);
      await t.drainOutbox();
      const points = async (userId: string) => (await t.http().get(`/api/v1/communities/${c.slug}/members/${userId}`).expect(200)).body.points;
      expect(await points(author.id)).toBe(5 + 2 + 1);
      expect(await points(fan.id)).toBe(0);
      await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
      await t.drainOutbox();
      expect(await points(author.id)).toBe(8);
      await t.http().delete(`/api/v1/posts/${r.body.id}`).set(bearer(author.token)).expect(204);
      await t.drainOutbox();
      expect(await points(author.id)).toBe(5);
      const board = await t.http().get(`/api/v1/communities/${c.slug}/leaderboard`).expect(200);
      expect(board.body).toEqual([{ place: 1, userId: author.id, displayName: author.displayName, title: null, points: 5, rank: { key: 'bronze', name: { ja: 'ブロンズ', en: 'Bronze' } } }]);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/leaderboard`).query({ period: '7d' }).expect(200)).body[0].points).toBe(5);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/leaderboard`).query({ period: 'year' }).expect(400)).body.fields).toHaveProperty('period');
    });
  });

  it('shows hidden badges only to staff and holders', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const secret = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send(badge({ hiddenUntilEarned: true })).expect(201);
    const ids = async (token?: string) => {
      const req = t.http().get(`/api/v1/communities/${c.slug}/badges`);
      return ((await (token ? req.set(bearer(token)) : req)).body as Array<{ id: string }>).map((b) => b.id);
    };
    expect(await ids(fan.token)).not.toContain(secret.body.id);
    expect(await ids()).not.toContain(secret.body.id);
    expect(await ids(c.owner.token)).toContain(secret.body.id);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${secret.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '発見' }).expect(201);
    expect(await ids(fan.token)).toContain(secret.body.id);
  });
});
