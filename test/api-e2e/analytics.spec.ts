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
    // Stickiness: the 30 days to 03-07 hold 9 active member-days (7 + B's 24th + A's 25th): 9 / 30 / 3 = 0.1;
    // the 30 days to 02-28 hold 2: 2 / 30 / 2 = 0.0333.
    expect(res.body.kpis.stickiness).toEqual({ current: 0.1, previous: 0.0333, changeRate: 2.003 });
    expect(res.body.kpis.threads).toEqual({ current: 3, previous: 1, changeRate: 2 });
    expect(res.body.kpis.replies).toEqual({ current: 3, previous: 1, changeRate: 2 });
    expect(res.body.kpis.reactions).toEqual({ current: 1, previous: 0, changeRate: null });
    // T1 answered after 60 min, T2 never, T3 after 120 min: 2/3 answered, median 90. Before: T0 after 1,440.
    expect(res.body.kpis.answeredShare).toEqual({ current: 0.6667, previous: 1, changeRate: -0.3333 });
    expect(res.body.kpis.medianMinutesToFirstReply).toEqual({ current: 90, previous: 1440, changeRate: -0.9375 });
    expect(res.body.kpis.newMembers.current).toBe(0);
    expect(res.body.series.map((d: { activeMembers: number }) => d.activeMembers)).toEqual([3, 1, 1, 0, 2, 0, 0]);
    expect(res.body.series[0]).toEqual({ day: '2026-03-01', activeMembers: 3, threads: 1, replies: 1, reactions: 1, newMembers: 0 });
  });

  it('keeps analytics to owners, managers and analysts; 400 for a bad period', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const path = `/api/v1/communities/${c.slug}/analytics/overview`;
    await t.http().get(path).set(bearer((await c.member()).token)).expect(403);
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
