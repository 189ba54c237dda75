import { createCommunity, reply, startThread } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

describe('recognition: ranks, titles, back-fill, preview and suspension', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Community = Awaited<ReturnType<typeof createCommunity>>;
  const settingsPath = (c: Community) => `/api/v1/communities/${c.slug}/recognition/settings`;
  const ladder = [
    { key: 'fan', name: { ja: 'ファン', en: 'Fan' }, min: 0 },
    { key: 'regular', name: { ja: '常連', en: 'Regular' }, min: 10, title: { ja: '常連さん', en: 'Regular' } },
    { key: 'legend', name: { ja: 'レジェンド', en: 'Legend' }, min: 30, title: { ja: '伝説のファン', en: 'Legendary fan' } },
  ];

  it('uses per-community points and ranks; a rank reached is recorded once and grants its title, shown next to the name on posts', async () => {
    const c = await createCommunity(t);
    const fan = await c.member('moderator');
    expect((await t.http().get(settingsPath(c)).expect(200)).body.points).toEqual({ thread: 5, reply: 2, reactionReceived: 1 });
    await t.http().put(settingsPath(c)).set(bearer(c.owner.token)).send({ points: { thread: 10, reply: 3, reactionReceived: 1 }, ranks: ladder }).expect(200);
    const thread = await startThread(t, c.boardId, fan);
    await t.drainOutbox();
    const changes = () => t.db.dataSource.query(`SELECT data->>'from' AS "from", data->>'to' AS "to" FROM activity WHERE type = 'rank.changed' AND data->>'userId' = $1 ORDER BY id`, [fan.id]);
    expect(await changes()).toEqual([{ from: 'fan', to: 'regular' }]);
    for (let i = 0; i < 7; i += 1) await reply(t, thread.id, fan, `返信${i}`);
    await t.drainOutbox();
    // 10 + 7 × 3 = 31 points: Legend.
    expect(await changes()).toEqual([{ from: 'fan', to: 'regular' }, { from: 'regular', to: 'legend' }]);
    // Re-delivery changes nothing.
    await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
    await t.drainOutbox();
    expect(await changes()).toHaveLength(2);
    const profile = await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(200);
    expect(profile.body).toMatchObject({ points: 31, rank: { key: 'legend', name: { ja: 'レジェンド', en: 'Legend' }, nextName: null, progress: 1 } });
    expect(profile.body.recentActivity.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['rank.changed', 'post.created', 'thread.created']));

    const mine = await t.http().get(`/api/v1/communities/${c.slug}/me/title`).set(bearer(fan.token)).expect(200);
    expect(mine.body.titles).toEqual([
      { id: 'rank:regular', name: { ja: '常連さん', en: 'Regular' }, source: 'rank', expiresAt: null },
      { id: 'rank:legend', name: { ja: '伝説のファン', en: 'Legendary fan' }, source: 'rank', expiresAt: null },
    ]);
    await t.http().put(`/api/v1/communities/${c.slug}/me/title`).set(bearer(fan.token)).send({ titleId: 'rank:legend' }).expect(200);
    const posts = await t.http().get(`/api/v1/threads/${thread.id}/posts`).expect(200);
    expect(posts.body.items[0].author).toEqual({ id: fan.id, displayName: fan.displayName, title: { ja: '伝説のファン', en: 'Legendary fan' } });
    const threads = await t.http().get(`/api/v1/boards/${c.boardId}/threads`).expect(200);
    expect(threads.body.items[0].author.title).toEqual({ ja: '伝説のファン', en: 'Legendary fan' });
    // Losing the points loses the title: it is no longer shown.
    await t.db.dataSource.query(`INSERT INTO points_ledger (community_id, user_id, points, reason, activity_id) SELECT id, $2, -25, 'test', 0 FROM communities WHERE slug = $1`, [c.slug, fan.id]);
    expect((await t.http().get(`/api/v1/threads/${thread.id}/posts`).expect(200)).body.items[0].author.title).toBeNull();
    await t.http().put(`/api/v1/communities/${c.slug}/me/title`).set(bearer(fan.token)).send({ titleId: 'rank:legend' }).expect(400);
  });

  it.each([
    ['a first rank above 0', [{ ...ladder[0], min: 5 }], 'ranks[0].min'],
    ['minimums not ascending', [ladder[0], { ...ladder[1], min: 40 }, ladder[2]], 'ranks[2].min'],
    ['a repeated key', [ladder[0], { ...ladder[1], key: 'fan' }], 'ranks[1].key'],
    ['no ranks', [], 'ranks'],
    ['negative points', 'points', 'points.reply'],
  ])('400 for settings with %s, naming the field; nothing saved', async (_name, ranks, field) => {
    const c = await createCommunity(t);
    const body = ranks === 'points' ? { points: { thread: 5, reply: -1, reactionReceived: 1 }, ranks: ladder } : { points: { thread: 5, reply: 2, reactionReceived: 1 }, ranks };
    const res = await t.http().put(settingsPath(c)).set(bearer(c.owner.token)).send(body).expect(400);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
    expect((await t.http().get(settingsPath(c)).expect(200)).body.ranks.map((r: { key: string }) => r.key)).toEqual(['bronze', 'silver', 'gold', 'platinum']);
  });

  it('keeps settings to owners and managers (member 403, moderator 403, anonymous 401)', async () => {
    const c = await createCommunity(t);
    const body = { points: { thread: 5, reply: 2, reactionReceived: 1 }, ranks: ladder };
    await t.http().put(settingsPath(c)).set(bearer((await c.member()).token)).send(body).expect(403);
    await t.http().put(settingsPath(c)).set(bearer((await c.member('moderator')).token)).send(body).expect(403);
    await t.http().put(settingsPath(c)).send(body).expect(401);
    await t.http().put(settingsPath(c)).set(bearer((await c.member('manager')).token)).send(body).expect(200);
  });

  it('holds a seasonal title until it expires', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token))
      .send({ key: 'summer-fes', name: { ja: '夏フェス', en: 'Summer fes' }, icon: '🎆', tier: 'bronze', grantsTitle: { ja: '夏フェス参加者', en: 'Summer fes goer' }, titleExpiresAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '参加' }).expect(201);
    await t.http().put(`/api/v1/communities/${c.slug}/me/title`).set(bearer(fan.token)).send({ titleId: badge.body.id }).expect(200);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(200)).body.title).toEqual({ ja: '夏フェス参加者', en: 'Summer fes goer' });
    await t.http().patch(`/api/v1/communities/${c.slug}/badges/${badge.body.id}`).set(bearer(c.owner.token)).send({ titleExpiresAt: new Date(Date.now() - 1000).toISOString() }).expect(200);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(200)).body.title).toBeNull();
    expect((await t.http().get(`/api/v1/communities/${c.slug}/me/title`).set(bearer(fan.token)).expect(200)).body).toEqual({ titles: [], shown: null });
    // The badge itself stays.
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(200)).body.badges).toHaveLength(1);
  });

  it('back-fills a new rule badge as a job whose progress staff can follow, in batches', async () => {
    const c = await createCommunity(t);
    const thread = await startThread(t, c.boardId, c.owner);
    const members = [];
    for (let i = 0; i < 4; i += 1) members.push(await c.member('moderator'));
    for (const m of members.slice(0, 3)) await reply(t, thread.id, m);
    await t.drainOutbox();
    const preview = await t.http().post(`/api/v1/communities/${c.slug}/badges/preview`).set(bearer(c.owner.token)).send({ rule: { type: 'first', activity: 'post.created' } }).expect(200);
    // The owner opened the thread (thread.created) but never replied.
    expect(preview.body).toMatchObject({ qualifying: 3, evaluated: 5 });
    expect(preview.body.sample.map((s: { userId: string }) => s.userId).sort()).toEqual(members.slice(0, 3).map((m) => m.id).sort());
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM badge_awards WHERE community_id = (SELECT id FROM communities WHERE slug = $1)`, [c.slug]))[0].n).toBe(0);
    expect((await t.http().post(`/api/v1/communities/${c.slug}/badges/preview`).set(bearer(c.owner.token)).send({ rule: { type: 'count' } }).expect(400)).body.code).toBe('INVALID_RULE');
    await t.http().post(`/api/v1/communities/${c.slug}/badges/preview`).set(bearer(members[3].token)).send({ rule: { type: 'first', activity: 'post.created' } }).expect(403);

    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token))
      .send({ key: 'first-reply', name: { ja: '初返信', en: 'First reply' }, icon: '💬', tier: 'bronze', rule: { type: 'first', activity: 'post.created' } })
      .expect(201);
    const progress = () => t.http().get(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/backfill`).set(bearer(c.owner.token));
    // Queued with the badge: the response already shows it, before any member is evaluated.
    expect(badge.body.backfill).toMatchObject({ status: 'pending', total: 5, done: 0, awarded: 0 });
    expect((await progress().expect(200)).body.status).toBe('pending');
    await t.drainOutbox();
    const done = await progress().expect(200);
    expect(done.body).toMatchObject({ status: 'done', total: 5, done: 5, awarded: 3 });
    expect(done.body.finishedAt).toEqual(expect.any(String));
    const listed = await t.http().get(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).expect(200);
    expect(listed.body[0].backfill).toMatchObject({ status: 'done', awarded: 3 });
    const holders = await t.http().get(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/awards`).set(bearer(c.owner.token)).expect(200);
    expect(holders.body.map((h: { userId: string }) => h.userId).sort()).toEqual(members.slice(0, 3).map((m) => m.id).sort());
    expect(holders.body[0]).toMatchObject({ reason: 'rule', awardedBy: null, displayName: expect.any(String) });
    await progress().set(bearer(members[3].token)).expect(403);
    // The member without a reply sees how far along they are (0), the others hold it.
    const mine = await t.http().get(`/api/v1/communities/${c.slug}/badges`).set(bearer(members[3].token)).expect(200);
    expect(mine.body[0]).toMatchObject({ held: false, progress: 0, backfill: null });
  });

  it('resumes a back-fill batch by batch: progress is committed between batches', async () => {
    const c = await createCommunity(t);
    const thread = await startThread(t, c.boardId, c.owner);
    // 150 members besides the owner, every one with a reply (inserted as activity directly: the rule reads activity).
    await t.db.dataSource.query(
      `WITH community AS (SELECT id FROM communities WHERE slug = $1),
            accounts AS (
              INSERT INTO users (email, display_name, password_hash)
              SELECT 'bulk' || g || '-' || $1 || '@example.com', 'bulk' || g, 'x' FROM generate_series(1, 150) g RETURNING id),
            joined AS (INSERT INTO memberships (community_id, user_id) SELECT community.id, accounts.id FROM community, accounts RETURNING user_id)
       INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data)
       SELECT community.id, joined.user_id, 'post.created', 'post', gen_random_uuid()::text, jsonb_build_object('threadId', $2::text) FROM community, joined`,
      [c.slug, thread.id],
    );
    await t.drainOutbox();
    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token))
      .send({ key: 'bulk', name: { ja: '一括', en: 'Bulk' }, icon: '📦', tier: 'bronze', rule: { type: 'first', activity: 'post.created' } })
      .expect(201);
    const backfills = t.app.get((await import('../../apps/api/src/recognition/badge-backfill.service')).BadgeBackfillService);
    const progress = () => t.http().get(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/backfill`).set(bearer(c.owner.token)).expect(200);
    expect((await progress()).body).toMatchObject({ status: 'pending', total: 151, done: 0 });
    await backfills.runBatch();
    expect((await progress()).body).toMatchObject({ status: 'running', total: 151, done: 100 });
    await backfills.runBatch();
    expect((await progress()).body).toMatchObject({ status: 'done', total: 151, done: 151, awarded: 150 });
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM badge_awards WHERE badge_id = $1`, [badge.body.id]))[0].n).toBe(150);
  });

  it('finds members by name for staff pickers; members may not list members', async () => {
    const c = await createCommunity(t);
    const sakura = await c.member(undefined, 'さくら_100%');
    await c.member(undefined, 'はると');
    const found = await t.http().get(`/api/v1/communities/${c.slug}/members`).query({ q: 'さくら' }).set(bearer(c.owner.token)).expect(200);
    expect(found.body).toEqual([expect.objectContaining({ userId: sakura.id, displayName: sakura.displayName, role: 'member', suspended: false })]);
    // LIKE wildcards are literal.
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members`).query({ q: '_100%' }).set(bearer(c.owner.token)).expect(200)).body).toHaveLength(1);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members`).query({ q: '%' }).set(bearer(c.owner.token)).expect(200)).body).toHaveLength(1);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(c.owner.token)).expect(200)).body).toHaveLength(3);
    await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(sakura.token)).expect(403);
    await t.http().get(`/api/v1/communities/${c.slug}/members`).query({ limit: 500 }).set(bearer(c.owner.token)).expect(400);
  });

  it('suspends a member: they cannot post or react and leave the leaderboard; lifted, they are back', async () => {
    const c = await createCommunity(t);
    const fan = await c.member('analyst');
    const moderator = await c.member('moderator');
    const thread = await startThread(t, c.boardId, fan);
    await t.drainOutbox();
    const board = () => t.http().get(`/api/v1/communities/${c.slug}/leaderboard`).expect(200);
    expect((await board()).body.map((e: { userId: string }) => e.userId)).toContain(fan.id);
    // A moderator may not suspend staff (an analyst); a manager or owner may.
    await t.http().put(`/api/v1/communities/${c.slug}/members/${fan.id}/suspension`).set(bearer(moderator.token)).send({ suspended: true }).expect(403);
    await t.http().put(`/api/v1/communities/${c.slug}/members/${c.owner.id}/suspension`).set(bearer(c.owner.token)).send({ suspended: true }).expect(403);
    await t.http().put(`/api/v1/communities/${c.slug}/members/${moderator.id}/suspension`).set(bearer(fan.token)).send({ suspended: true }).expect(403);
    const suspended = await t.http().put(`/api/v1/communities/${c.slug}/members/${fan.id}/suspension`).set(bearer(c.owner.token)).send({ suspended: true, reason: '荒らし' }).expect(200);
    expect(suspended.body.suspendedAt).toEqual(expect.any(String));
    expect((await t.http().post(`/api/v1/threads/${thread.id}/posts`).set(bearer(fan.token)).send({ body: 'まだ書ける？' }).expect(403)).body.code).toBe('SUSPENDED');
    expect((await t.http().put(`/api/v1/posts/${thread.posts.items[0].id}/reactions/${encodeURIComponent('👍')}`).set(bearer(fan.token)).expect(403)).body.code).toBe('SUSPENDED');
    expect((await board()).body.map((e: { userId: string }) => e.userId)).not.toContain(fan.id);
    await t.http().put(`/api/v1/communities/${c.slug}/members/${fan.id}/suspension`).set(bearer(c.owner.token)).send({ suspended: false }).expect(200);
    await reply(t, thread.id, fan, '戻りました');
    expect((await board()).body.map((e: { userId: string }) => e.userId)).toContain(fan.id);
    const log = await t.db.dataSource.query(`SELECT type, data->>'reason' AS reason FROM activity WHERE subject_id = $1 AND type LIKE 'member.%suspended' ORDER BY id`, [fan.id]);
    expect(log).toEqual([{ type: 'member.suspended', reason: '荒らし' }, { type: 'member.unsuspended', reason: '' }]);
  });
});
