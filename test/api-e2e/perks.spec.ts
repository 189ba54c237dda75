import { createCommunity, startThread } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

describe('recognition: perks (限定特典)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const manualBadge = async (c: Awaited<ReturnType<typeof createCommunity>>, key: string) =>
    (await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send({ key, name: { ja: 'VIP', en: 'VIP' }, icon: '💎', tier: 'gold' }).expect(201)).body as { id: string };

  const award = (c: Awaited<ReturnType<typeof createCommunity>>, badgeId: string, userId: string) =>
    t.http().post(`/api/v1/communities/${c.slug}/badges/${badgeId}/awards`).set(bearer(c.owner.token)).send({ userId, reason: 'VIP' }).expect(201);

  it('gives each coupon code once when holders redeem concurrently; a holder keeps the same code; the rest hear the pool is empty', async () => {
    const c = await createCommunity(t);
    const vip = await manualBadge(c, 'vip');
    const perk = await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token))
      .send({ name: { ja: '10%オフクーポン', en: '10% off coupon' }, kind: 'coupon', unlock: { badgeId: vip.id } }).expect(201);
    const codes = ['KZN-0001', 'KZN-0002', 'KZN-0003', 'KZN-0004', 'KZN-0005', 'KZN-0006'];
    const added = await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/codes`).set(bearer(c.owner.token)).send({ codes: [...codes, 'KZN-0001', ' KZN-0002 '] }).expect(201);
    expect(added.body).toMatchObject({ codesTotal: 6, codesLeft: 6, redemptions: 0 });

    const fans = await Promise.all(Array.from({ length: 10 }, () => c.member()));
    await Promise.all(fans.map((f) => award(c, vip.id, f.id)));
    const redeem = (token: string) => t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/redeem`).set(bearer(token));
    // Every fan twice at once: ten holders racing for six codes, each also racing themselves.
    const results = await Promise.all(fans.flatMap((f) => [redeem(f.token), redeem(f.token)]));
    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const given = results.filter((r) => r.status === 201).map((r) => r.body.code as string);
    expect(new Set(given)).toEqual(new Set(codes));
    const holders = await t.db.dataSource.query(`SELECT user_id, code FROM perk_codes WHERE perk_id = $1 AND user_id IS NOT NULL`, [perk.body.id]);
    expect(holders).toHaveLength(6);
    expect(new Set(holders.map((h: { user_id: string }) => h.user_id)).size).toBe(6);
    for (const result of results.filter((r) => r.status === 409)) expect(result.body.code).toBe('NO_CODES_LEFT');
    // A holder asks again: the same code.
    const lucky = fans.find((f) => holders.some((h: { user_id: string }) => h.user_id === f.id))!;
    const mine = holders.find((h: { user_id: string }) => h.user_id === lucky.id).code;
    expect((await redeem(lucky.token).expect(201)).body.code).toBe(mine);
    const listed = await t.http().get(`/api/v1/communities/${c.slug}/me/perks`).set(bearer(lucky.token)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: perk.body.id, kind: 'coupon', code: mine, available: true })]);
    // Redemptions counted per perk and recorded as activity, once per member.
    const perks = await t.http().get(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token)).expect(200);
    expect(perks.body[0]).toMatchObject({ codesTotal: 6, codesLeft: 0, redemptions: 6 });
    const activity = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE type = 'perk.redeemed' AND subject_id = $1`, [perk.body.id]);
    expect(activity[0].n).toBe(6);
  });

  it('refuses a perk to members who have not unlocked it (403) and perk management to members (403)', async () => {
    const c = await createCommunity(t);
    const vip = await manualBadge(c, 'vip');
    const fan = await c.member();
    const perk = await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token))
      .send({ name: { ja: '裏話', en: 'Backstage' }, kind: 'link', unlock: { badgeId: vip.id }, url: 'https://example.com/secret' }).expect(201);
    expect((await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/redeem`).set(bearer(fan.token)).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http().get(`/api/v1/communities/${c.slug}/me/perks`).set(bearer(fan.token)).expect(200)).body).toEqual([]);
    await t.http().get(`/api/v1/communities/${c.slug}/perks`).set(bearer(fan.token)).expect(403);
    await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(fan.token)).send({ name: { ja: 'x', en: 'x' }, kind: 'link', unlock: { badgeId: vip.id }, url: 'https://example.com' }).expect(403);
    await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/codes`).set(bearer(fan.token)).send({ codes: ['A'] }).expect(403);
    await award(c, vip.id, fan.id);
    const redeemed = await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/redeem`).set(bearer(fan.token)).expect(201);
    expect(redeemed.body).toMatchObject({ kind: 'link', url: 'https://example.com/secret', code: null });
    expect(redeemed.body.redeemedAt).toEqual(expect.any(String));
  });

  it.each([
    ['no unlock', { unlock: {} }, 'unlock'],
    ['both a badge and a rank', { unlock: { badgeId: '00000000-0000-4000-8000-000000000000', rank: 'gold' } }, 'unlock'],
    ['an unknown rank', { unlock: { rank: 'diamond' } }, 'unlock.rank'],
    ['a link without url', { kind: 'link', unlock: { rank: 'gold' } }, 'url'],
    ['an http link', { kind: 'link', unlock: { rank: 'gold' }, url: 'http://example.com' }, 'url'],
    ['an unknown kind', { kind: 'gift', unlock: { rank: 'gold' } }, 'kind'],
    ['a board of another community', { kind: 'board', unlock: { rank: 'gold' }, boardId: 'OTHER' }, 'boardId'],
  ])('400 for a perk with %s, naming the field', async (_name, over, field) => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const body = { name: { ja: '特典', en: 'Perk' }, kind: 'coupon', ...over } as Record<string, unknown>;
    if (body.boardId === 'OTHER') body.boardId = other.boardId;
    const res = await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token)).send(body).expect(400);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM perks WHERE community_id = (SELECT id FROM communities WHERE slug = $1)`, [c.slug]))[0].n).toBe(0);
  });

  it('keeps a members-only board and its threads invisible to members who have not unlocked it, everywhere', async () => {
    const c = await createCommunity(t);
    const vip = await manualBadge(c, 'vip');
    const insider = await c.member();
    const outsider = await c.member();
    const moderator = await c.member('moderator');
    const lounge = await t.http().post(`/api/v1/communities/${c.slug}/boards`).set(bearer(c.owner.token)).send({ name: 'VIPラウンジ' }).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token))
      .send({ name: { ja: 'VIPラウンジ', en: 'VIP lounge' }, kind: 'board', unlock: { badgeId: vip.id }, boardId: lounge.body.id }).expect(201);
    await award(c, vip.id, insider.id);
    const thread = await startThread(t, lounge.body.id, insider, '秘密の相談', 'ラウンジ限定の話題です');
    const postId = thread.posts.items[0].id;

    const boardIds = async (token?: string) => {
      const req = t.http().get(`/api/v1/communities/${c.slug}/boards`);
      return ((await (token ? req.set(bearer(token)) : req).expect(200)).body as Array<{ id: string; membersOnly: boolean }>).map((b) => b.id);
    };
    expect(await boardIds(insider.token)).toContain(lounge.body.id);
    expect(await boardIds(moderator.token)).toContain(lounge.body.id);
    expect(await boardIds(outsider.token)).not.toContain(lounge.body.id);
    expect(await boardIds()).not.toContain(lounge.body.id);
    const listed = (await t.http().get(`/api/v1/communities/${c.slug}/boards`).set(bearer(c.owner.token)).expect(200)).body.find((b: { id: string }) => b.id === lounge.body.id);
    expect(listed.membersOnly).toBe(true);

    for (const token of [outsider.token, undefined]) {
      const as = <T extends { set: (k: string, v: string) => T }>(req: T) => (token ? req.set('Authorization', `Bearer ${token}`) : req);
      await as(t.http().get(`/api/v1/boards/${lounge.body.id}/threads`)).expect(404);
      await as(t.http().get(`/api/v1/threads/${thread.id}`)).expect(404);
      await as(t.http().get(`/api/v1/threads/${thread.id}/posts`)).expect(404);
      const search = await as(t.http().get(`/api/v1/communities/${c.slug}/search`).query({ q: 'ラウンジ' })).expect(200);
      expect(search.body.items).toEqual([]);
    }
    await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(outsider.token)).send({ body: 'のぞき' }).expect(404);
    await t.http().put(`/api/v1/posts/${postId}/reactions/${encodeURIComponent('👍')}`).set(bearer(outsider.token)).expect(404);
    await t.http().post(`/api/v1/boards/${lounge.body.id}/threads`).set(bearer(outsider.token)).send({ title: 'x', body: 'y' }).expect(404);
    // The insider's profile does not reveal the thread to others either.
    await t.drainOutbox();
    const profile = await t.http().get(`/api/v1/communities/${c.slug}/members/${insider.id}`).set(bearer(outsider.token)).expect(200);
    expect(profile.body.recentActivity.filter((a: { threadId: string | null }) => a.threadId === thread.id)).toEqual([]);
    const own = await t.http().get(`/api/v1/communities/${c.slug}/members/${insider.id}`).set(bearer(insider.token)).expect(200);
    expect(own.body.recentActivity).toContainEqual(expect.objectContaining({ type: 'thread.created', threadId: thread.id, threadTitle: '秘密の相談' }));
    // Unlocked for the insider: the thread reads.
    expect((await t.http().get(`/api/v1/threads/${thread.id}`).set(bearer(insider.token)).expect(200)).body.title).toBe('秘密の相談');
    // Revoking the badge closes the door again.
    await t.http().delete(`/api/v1/communities/${c.slug}/badges/${vip.id}/awards/${insider.id}`).set(bearer(c.owner.token)).expect(204);
    await t.http().get(`/api/v1/threads/${thread.id}`).set(bearer(insider.token)).expect(404);
  });

  it('unlocks a rank perk once the member reaches the rank', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const perk = await t.http().post(`/api/v1/communities/${c.slug}/perks`).set(bearer(c.owner.token))
      .send({ name: { ja: 'シルバー特典', en: 'Silver perk' }, kind: 'link', unlock: { rank: 'silver' }, url: 'https://example.com/silver' }).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/redeem`).set(bearer(fan.token)).expect(403);
    await t.db.dataSource.query(
      `INSERT INTO points_ledger (community_id, user_id, points, reason, activity_id) SELECT id, $2, 60, 'test', 0 FROM communities WHERE slug = $1`,
      [c.slug, fan.id],
    );
    await t.http().post(`/api/v1/communities/${c.slug}/perks/${perk.body.id}/redeem`).set(bearer(fan.token)).expect(201);
  });
});
