import { randomUUID } from 'node:crypto';
import { AnalyticsService } from '../../apps/api/src/analytics/analytics.service';
import { createCommunity } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

/**
 * A synthetic community whose every figure is computed by hand below. Times are Tokyo (+09:00);
 * the community's days are Tokyo days.
 */
describe('analytics: rollups and the overview, on a hand-computed dataset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Community = Awaited<ReturnType<typeof createCommunity>>;

  /** Writes an activity and its outbox row, as the services do, but at a chosen time. */
  const record = async (c: Community, type: string, actorId: string, at: string, subject: { type: string; id: string }, data: Record<string, unknown> = {}) => {
    const [row] = await t.db.dataSource.query(
      `INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data, occurred_at)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM communities WHERE slug = $1 RETURNING id`,
      [c.slug, actorId, type, subject.type, subject.id, data, at],
    );
    await t.db.dataSource.query(`INSERT INTO outbox (activity_id, event_type) VALUES ($1, $2)`, [row.id, type]);
  };


  async function seed() {
    const c = await createCommunity(t);
    const [a, b, cc] = [await c.member(), await c.member(), await c.member()];
    const board = c.boardId;
    const [t0, t1, t2, t3] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Joining: A on 02-20, B on 02-24, C on 03-01.
    await record(c, 'member.joined', a.id, '2026-02-20T09:00:00+09:00', { type: 'user', id: a.id });
    await record(c, 'member.joined', b.id, '2026-02-24T09:00:00+09:00', { type: 'user', id: b.id });
    await record(c, 'member.joined', cc.id, '2026-03-01T09:00:00+09:00', { type: 'user', id: cc.id });
    // Previous period (02-22 … 02-28): B starts T0 on the 24th, A answers a day later.
    await record(c, 'thread.created', b.id, '2026-02-24T10:00:00+09:00', { type: 'thread', id: t0 }, { boardId: board, postId: randomUUID(), title: 'T0' });
    await record(c, 'post.created', a.id, '2026-02-25T10:00:00+09:00', { type: 'post', id: randomUUID() }, { threadId: t0, boardId: board, threadAuthorId: b.id });
    // This period (03-01 … 03-07).
    await record(c, 'thread.created', a.id, '2026-03-01T10:00:00+09:00', { type: 'thread', id: t1 }, { boardId: board, postId: randomUUID(), title: 'T1' });
    await record(c, 'post.created', b.id, '2026-03-01T11:00:00+09:00', { type: 'post', id: randomUUID() }, { threadId: t1, boardId: board, threadAuthorId: a.id });
    await record(c, 'reaction.added', cc.id, '2026-03-01T23:30:00+09:00', { type: 'post', id: randomUUID() }, { emoji: '👍', receiverId: a.id });
    await record(c, 'post.created', a.id, '2026-03-02T00:30:00+09:00', { type: 'post', id: randomUUID() }, { threadId: t1, boardId: board, threadAuthorId: a.id });
    await record(c, 'thread.created', b.id, '2026-03-03T09:00:00+09:00', { type: 'thread', id: t2 }, { boardId: board, postId: randomUUID(), title: 'T2' });
    await record(c, 'thread.created', cc.id, '2026-03-05T12:00:00+09:00', { type: 'thread', id: t3 }, { boardId: board, postId: randomUUID(), title: 'T3' });
    await record(c, 'post.created', a.id, '2026-03-05T14:00:00+09:00', { type: 'post', id: randomUUID() }, { threadId: t3, boardId: board, threadAuthorId: cc.id });
    await t.drainOutbox();
    return { c, a, b, cc };
  }

  const memberDays = (c: Community) =>
    t.db.dataSource.query(
      `SELECT user_id, day::text, threads, replies, reactions, reactions_received, active, counts FROM analytics_member_days
        WHERE community_id = (SELECT id FROM communities WHERE slug = $1) ORDER BY user_id, day`,
      [c.slug],
    );

  it('keeps member-days as activity arrives, in Tokyo days; a rebuild from raw activity gives the same rows', async () => {
    const { c, a } = await seed();
    const incremental = await memberDays(c);
    // A on 03-01 (Tokyo): started T1 and received C's reaction (23:30 Tokyo is still the 1st).
    expect(incremental).toContainEqual({ user_id: a.id, day: '2026-03-01', threads: 1, replies: 0, reactions: 0, reactions_received: 1, active: true, counts: { 'thread.created': 1 } });
    // A's reply at 00:30 Tokyo on the 2nd (15:30 UTC on the 1st) belongs to the 2nd.
    expect(incremental).toContainEqual({ user_id: a.id, day: '2026-03-02', threads: 0, replies: 1, reactions: 0, reactions_received: 0, active: true, counts: { 'post.created': 1 } });
    // Re-delivering everything changes nothing.
    await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
    await t.drainOutbox();
    expect(await memberDays(c)).toEqual(incremental);
    const [{ id, time_zone }] = await t.db.dataSource.query(`SELECT id, time_zone FROM communities WHERE slug = $1`, [c.slug]);
    await t.app.get(AnalyticsService).rebuild(id, time_zone);
    expect(await memberDays(c)).toEqual(incremental);
  });

  it('computes the overview exactly, with the previous period', async () => {
    const { c } = await seed();
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/overview`).query({ from: '2026-03-01', to: '2026-03-07' }).set(bearer(c.owner.token)).expect(200);
    // Daily actives: 1st A, B, C (3); 2nd A (1); 3rd B (1); 5th C, A (2) → 7 over 7 days: DAU 1.
    // Previous: 24th B, 25th A → 2 over 7 days: 0.29.
    expect(res.body.kpis.dau).toEqual({ current: 1, previous: 0.29, changeRate: 2.4483 });
    expect(res.body.kpis.wau).toEqual({ current: 3, previous: 2, changeRate: 0.5 });
    expect(res.body.kpis.mau).toEqual({ current: 3, previous: 2, changeRate: 0.5 });
    // Stickiness: the 30 days to 03-07 hold 10 active member-days (7 + A's 20th + B's 24th + A's 25th):
    // 10 / 30 / 3 = 0.1111; the 30 days to 02-28 hold 3: 3 / 30 / 2 = 0.05.
    expect(res.body.kpis.stickiness).toEqual({ current: 0.1111, previous: 0.05, changeRate: 1.222 });
    expect(res.body.kpis.newMembers).toEqual({ current: 1, previous: 1, changeRate: 0 });
    expect(res.body.kpis.threads).toEqual({ current: 3, previous: 1, changeRate: 2 });
    expect(res.body.kpis.replies).toEqual({ current: 3, previous: 1, changeRate: 2 });
    expect(res.body.kpis.reactions).toEqual({ current: 1, previous: 0, changeRate: null });
    // T1 answered after 60 min, T2 never, T3 after 120 min: 2/3 answered, median 90. Before: T0 after 1,440.
    expect(res.body.kpis.answeredShare).toEqual({ current: 0.6667, previous: 1, changeRate: -0.3333 });
    expect(res.body.kpis.medianMinutesToFirstReply).toEqual({ current: 90, previous: 1440, changeRate: -0.9375 });
    expect(res.body.series.map((d: { activeMembers: number }) => d.activeMembers)).toEqual([3, 1, 1, 0, 2, 0, 0]);
    expect(res.body.series[0]).toEqual({ day: '2026-03-01', activeMembers: 3, threads: 1, replies: 1, reactions: 1, newMembers: 1 });
  });

  // Engagement scores as of 03-07 (weights: thread 5, reply 3, reaction 1, joined 1; all within a month, so no decay):
  // A = joined 1 + reply 3 (02-25) + thread 5 + reply 3 + reply 3 = 15; B = 1 + 5 + 3 + 5 = 14; C = 1 + 1 + 5 = 7.
  // All three are participants (5 ≤ score < 30); the owner did nothing in the year: an observer.
  it('scores members into tiers and lists the top contributors', async () => {
    const { c, a, b, cc } = await seed();
    const period = { from: '2026-03-01', to: '2026-03-07' };
    const tiers = await t.http().get(`/api/v1/communities/${c.slug}/analytics/tiers`).query(period).set(bearer(c.owner.token)).expect(200);
    expect(tiers.body).toEqual({
      asOf: '2026-03-07',
      tiers: [
        { key: 'champion', name: { ja: 'チャンピオン', en: 'Champions' }, min: 100, members: 0 },
        { key: 'contributor', name: { ja: 'コントリビューター', en: 'Contributors' }, min: 30, members: 0 },
        { key: 'participant', name: { ja: '参加者', en: 'Participants' }, min: 5, members: 3 },
        { key: 'observer', name: { ja: '見る専', en: 'Observers' }, min: 0, members: 1 },
      ],
    });
    const top = await t.http().get(`/api/v1/communities/${c.slug}/analytics/top-contributors`).query(period).set(bearer(c.owner.token)).expect(200);
    expect(top.body).toEqual([
      { userId: a.id, displayName: a.displayName, score: 15, tier: 'participant', threads: 1, replies: 2, reactionsReceived: 1 },
      { userId: b.id, displayName: b.displayName, score: 14, tier: 'participant', threads: 1, replies: 1, reactionsReceived: 0 },
      { userId: cc.id, displayName: cc.displayName, score: 7, tier: 'participant', threads: 1, replies: 0, reactionsReceived: 0 },
    ]);
  });

  it('shows board health and retention cohorts', async () => {
    const { c } = await seed();
    const boards = await t.http().get(`/api/v1/communities/${c.slug}/analytics/boards`).query({ from: '2026-03-01', to: '2026-03-07' }).set(bearer(c.owner.token)).expect(200);
    // T1, T2, T3 on the one board: 3 / 7 days = 0.43 a day; 2 of 3 answered, after 60 and 120 minutes.
    expect(boards.body).toEqual([{ boardId: c.boardId, name: '雑談', threads: 3, threadsPerDay: 0.43, answeredShare: 0.6667, medianMinutesToFirstReply: 90 }]);
    const retention = await t.http().get(`/api/v1/communities/${c.slug}/analytics/retention`).query({ from: '2026-02-01', to: '2026-03-07', by: 'month', periods: 3 }).set(bearer(c.owner.token)).expect(200);
    // February: A (joined 20th) and B (24th), both active in February and in March; March: C, active in March.
    expect(retention.body).toEqual({
      by: 'month',
      periods: 3,
      cohorts: [
        { cohort: '2026-02', start: '2026-02-01', size: 2, active: [2, 2, null], rates: [1, 1, null] },
        { cohort: '2026-03', start: '2026-03-01', size: 1, active: [1, null, null], rates: [1, null, null] },
      ],
    });
  });

  it('finds champions drifting away', async () => {
    const { c, a } = await seed();
    // On 03-14: peak weekly scores A 15, B 14, C 7; the top quarter of 3 is A, idle since 03-05: 9 days.
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/at-risk`).query({ to: '2026-03-14' }).set(bearer(c.owner.token)).expect(200);
    expect(res.body).toEqual({
      items: [{ userId: a.id, displayName: a.displayName, contactId: null, peakScore: 15, currentScore: 15, idleDays: 9, pAlive: null, reasons: ['idle'] }],
      total: 1,
      nextCursor: null,
    });
    // On 03-07 nobody has been idle a week.
    expect((await t.http().get(`/api/v1/communities/${c.slug}/analytics/at-risk`).query({ to: '2026-03-07' }).set(bearer(c.owner.token)).expect(200)).body).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('pages the at-risk list in order, highest peak first, and names a bad limit or cursor', async () => {
    const c = await createCommunity(t);
    const members = [];
    // Eight champions, each with one thread on 03-05 (equal peaks: the order is by id) and one
    // with two threads (the highest peak, first on the list); all idle 9 days on 03-14.
    for (let i = 0; i < 9; i++) members.push(await c.member());
    for (const [i, m] of members.entries()) {
      for (let n = 0; n < (i === 8 ? 2 : 1); n++) {
        await record(c, 'thread.created', m.id, `2026-03-05T1${n}:00:00+09:00`, { type: 'thread', id: randomUUID() }, { boardId: c.boardId, postId: randomUUID(), title: `T${i}-${n}` });
      }
    }
    await t.drainOutbox();
    const path = `/api/v1/communities/${c.slug}/analytics/at-risk`;
    const seen: string[] = [];
    let cursor: string | undefined;
    const totals: number[] = [];
    const sizes: number[] = [];
    do {
      const page = (await t.http().get(path).query({ to: '2026-03-14', limit: 4, ...(cursor ? { cursor } : {}) }).set(bearer(c.owner.token)).expect(200)).body;
      seen.push(...page.items.map((r: { userId: string }) => r.userId));
      totals.push(page.total);
      sizes.push(page.items.length);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([4, 4, 1]);
    expect(totals).toEqual([9, 9, 9]);
    expect(seen).toEqual([members[8].id, ...members.slice(0, 8).map((m) => m.id).sort()]);
    // 50 when omitted.
    expect((await t.http().get(path).query({ to: '2026-03-14' }).set(bearer(c.owner.token)).expect(200)).body.items).toHaveLength(9);
    for (const limit of [0, 501, 'many']) {
      const res = await t.http().get(path).query({ limit }).set(bearer(c.owner.token)).expect(400);
      expect(res.body.fields).toHaveProperty('limit');
    }
    const res = await t.http().get(path).query({ cursor: 'not-a-cursor' }).set(bearer(c.owner.token)).expect(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
  });

  it('relates tiers to revenue against customers outside the community', async () => {
    const { c, a } = await seed();
    await t.db.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [a.id]);
    const upload = async (kind: string, csv: string) => {
      await t.http().post(`/api/v1/communities/${c.slug}/crm/${kind}/import`).set(bearer(c.owner.token)).attach('file', Buffer.from(csv), `${kind}.csv`).expect(202);
      await t.drainOutbox();
    };
    await upload('contacts', `Customer ID,Email\nCA,${a.email}\nCX,x@example.com\nCY,y@example.com\n`);
    await upload('orders', 'Order ID,Customer ID,Order Date,Total\nOA,CA,2026-03-02 12:00,5000\nOX,CX,2026-03-03 12:00,3000\nOY,CY,2026-01-03 12:00,9000\n');
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/engagement-revenue`).query({ from: '2026-03-01', to: '2026-03-07' }).set(bearer(c.owner.token)).expect(200);
    // Outside the community: CX bought (3,000), CY did not in the period: rate 0.5, 1,500 a customer.
    expect(res.body.baseline).toEqual({ group: 'notInCommunity', customers: 2, buyers: 1, purchaseRate: 0.5, ordersPerCustomer: 1, averageOrderValue: 3000, revenuePerCustomer: 1500, smallSample: true });
    // Participants: A, B, C; only A is a customer and bought once (5,000): rate 1, 5,000 / 3 members = 1,667; lift 1 / 0.5 − 1 = 1.
    expect(res.body.tiers.find((tier: { tier: string }) => tier.tier === 'participant')).toEqual({
      tier: 'participant',
      name: { ja: '参加者', en: 'Participants' },
      members: 3,
      linkedCustomers: 1,
      buyers: 1,
      orders: 1,
      revenue: 5000,
      purchaseRate: 1,
      ordersPerCustomer: 1,
      averageOrderValue: 5000,
      revenuePerMember: 1667,
      lift: 1,
      smallSample: true,
    });
    expect(res.body.note.en).toMatch(/correlation, not causation/);
    expect(res.body.currency).toBe('JPY');
  });

  it('measures a badge\'s impact against members not awarded it', async () => {
    const { c, a } = await seed();
    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send({ key: 'helper', name: { ja: 'お手伝い', en: 'Helper' }, icon: '🤝', tier: 'silver' }).expect(201);
    await t.db.dataSource.query(
      `INSERT INTO badge_awards (community_id, badge_id, user_id, reason, awarded_at) SELECT id, $2, $3, 'test', '2026-03-10T12:00:00+09:00' FROM communities WHERE slug = $1`,
      [c.slug, badge.body.id, a.id],
    );
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/badge-impact`).query({ from: '2026-03-01', to: '2026-04-15' }).set(bearer(c.owner.token)).expect(200);
    // A, the 30 days before 03-10 (02-08 … 03-09): replies 02-25, 03-02, 03-05 and thread 03-01 = 4 posts; after: none.
    // Others (B and C, active in the window): B 3 posts (02-24, 03-01, 03-03), C 1 (03-05): a mean of 2 before, 0 after.
    // Difference in differences: (0 − 4) − (0 − 2) = −2.
    expect(res.body).toEqual([
      {
        badgeId: badge.body.id,
        name: { ja: 'お手伝い', en: 'Helper' },
        awards: 1,
        comparedWith: 2,
        posts: { awarded: { before: 4, after: 0 }, others: { before: 2, after: 0 }, difference: -2 },
        orders: { awarded: { before: 0, after: 0 }, others: { before: 0, after: 0 }, difference: 0 },
      },
    ]);
    // An award whose 30 days after have not passed by `to` is left out.
    expect((await t.http().get(`/api/v1/communities/${c.slug}/analytics/badge-impact`).query({ from: '2026-03-01', to: '2026-04-01' }).set(bearer(c.owner.token)).expect(200)).body).toEqual([]);
  });

  it('records a change of tier once, and shows a member\'s score and tier to staff', async () => {
    const c = await createCommunity(t);
    const fan = await c.member('moderator');
    await t.drainOutbox();
    // Joining scores 1: an observer (the first tier computed is not a change).
    const changes = () => t.db.dataSource.query(`SELECT data->>'from' AS "from", data->>'to' AS "to" FROM activity WHERE type = 'tier.changed' AND subject_id = $1`, [fan.id]);
    expect(await changes()).toEqual([]);
    await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: 'はじめまして', body: 'よろしく' }).expect(201);
    await t.drainOutbox();
    // + a thread (5) = 6: a participant.
    expect(await changes()).toEqual([{ from: 'observer', to: 'participant' }]);
    await t.db.dataSource.query(`UPDATE outbox SET processed_at = NULL, done_consumers = '{}'`);
    await t.drainOutbox();
    expect(await changes()).toHaveLength(1);
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/members/${fan.id}`).set(bearer(c.owner.token)).expect(200);
    expect(res.body).toMatchObject({ userId: fan.id, score: 6, tier: { key: 'participant' } });
    expect(res.body.weekly).toHaveLength(12);
    expect(res.body.weekly.at(-1).score).toBe(6);
    await t.http().get(`/api/v1/communities/${c.slug}/analytics/members/${fan.id}`).set(bearer(fan.token)).expect(403);
  });

  it('uses the community\'s own weights and tiers; refuses bad ones naming the field', async () => {
    const { c, a } = await seed();
    const path = `/api/v1/communities/${c.slug}/analytics/settings`;
    expect((await t.http().get(path).set(bearer(c.owner.token)).expect(200)).body.weights['thread.created']).toBe(5);
    const tiers = [
      { key: 'fan', name: { ja: 'ファン', en: 'Fans' }, min: 0 },
      { key: 'star', name: { ja: 'スター', en: 'Stars' }, min: 20 },
    ];
    // Threads count 10 now: A = 1 + 3 + 10 + 3 + 3 = 20, a star; B = 1 + 10 + 3 + 10 = 24, a star; C = 1 + 1 + 10 = 12.
    await t.http().put(path).set(bearer(c.owner.token)).send({ weights: { 'thread.created': 10, 'post.created': 3, 'reaction.added': 1, 'member.joined': 1 }, tiers }).expect(200);
    const top = await t.http().get(`/api/v1/communities/${c.slug}/analytics/top-contributors`).query({ from: '2026-03-01', to: '2026-03-07' }).set(bearer(c.owner.token)).expect(200);
    expect(top.body.map((m: { score: number; tier: string }) => [m.score, m.tier])).toEqual([[24, 'star'], [20, 'star'], [12, 'fan']]);
    expect(top.body[1].userId).toBe(a.id);
    for (const [body, field] of [
      [{ weights: { 'shoe.bought': 3 }, tiers }, 'weights'],
      [{ weights: { 'post.created': -1 }, tiers }, 'weights'],
      [{ weights: {}, tiers: [{ key: 'fan', name: { ja: 'ファン', en: 'Fans' }, min: 5 }] }, 'tiers[0].min'],
    ] as const) {
      const res = await t.http().put(path).set(bearer(c.owner.token)).send(body).expect(400);
      expect(Object.keys(res.body.fields ?? {})).toContain(field);
    }
    await t.http().put(path).set(bearer((await c.member('analyst')).token)).send({ weights: {}, tiers }).expect(403);
  });

  it('keeps analytics to owners, managers and analysts; 400 for a bad period', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const path = `/api/v1/communities/${c.slug}/analytics/overview`;
    const member = await c.member();
    for (const endpoint of ['overview', 'tiers', 'engagement-revenue', 'retention', 'at-risk', 'top-contributors', 'boards', 'badge-impact']) {
      await t.http().get(`/api/v1/communities/${c.slug}/analytics/${endpoint}`).set(bearer(member.token)).expect(403);
      await t.http().get(`/api/v1/communities/${c.slug}/analytics/${endpoint}`).set(bearer(other.owner.token)).expect(403);
    }
    await t.http().get(path).set(bearer((await c.member('moderator')).token)).expect(403);
    await t.http().get(path).set(bearer((await c.member('analyst')).token)).expect(200);
    await t.http().get(path).expect(401);
    await t.http().get(path).set(bearer(other.owner.token)).expect(403);
    for (const query of [{ from: '2026-02-30' }, { from: '2026-03-08', to: '2026-03-01' }, { from: '2020-01-01', to: '2026-01-01' }, { to: 'yesterday' }]) {
      const res = await t.http().get(path).query(query).set(bearer(c.owner.token)).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
