import { createCommunity } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

describe('audit log of staff actions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists staff actions newest first with who, what, when, from where and what changed; not members’ own actions', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const path = `/api/v1/communities/${c.slug}/audit`;
    await t.http().put(`/api/v1/communities/${c.slug}/members/${fan.id}/role`).set(bearer(c.owner.token)).set('X-Forwarded-For', '203.0.113.7').send({ role: 'moderator' }).expect(200);
    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send({ key: 'helper', name: { ja: 'お手伝い', en: 'Helper' }, icon: '🤝', tier: 'silver' }).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '感謝' }).expect(201);
    // The fan's own post is not a staff action.
    await t.http().post(`/api/v1/boards/${c.boardId}/threads`).set(bearer(fan.token)).send({ title: 'こんにちは', body: 'よろしく' }).expect(201);

    const res = await t.http().get(path).set(bearer(c.owner.token)).expect(200);
    const types = res.body.items.map((e: { type: string }) => e.type);
    expect(types.slice(0, 3)).toEqual(['badge.awarded', 'badge.created', 'member.role_changed']);
    expect(types).not.toContain('thread.created');
    const roleChange = res.body.items.find((e: { type: string }) => e.type === 'member.role_changed');
    expect(roleChange).toMatchObject({
      actor: { id: c.owner.id, displayName: c.owner.displayName },
      subject: { type: 'user', id: fan.id },
      data: { from: 'member', to: 'moderator' },
      ip: '203.0.113.7',
    });
    expect((await t.http().get(path).query({ type: 'badge.awarded' }).set(bearer(c.owner.token)).expect(200)).body.items).toHaveLength(1);
    const paged = await t.http().get(path).query({ limit: 2 }).set(bearer(c.owner.token)).expect(200);
    expect(paged.body.items).toHaveLength(2);
    const rest = await t.http().get(path).query({ limit: 2, cursor: paged.body.nextCursor }).set(bearer(c.owner.token)).expect(200);
    expect(rest.body.items[0].type).toBe('member.role_changed');

    // The log cannot be rewritten: the database refuses changes to activity.
    await expect(t.db.dataSource.query(`UPDATE activity SET type = 'x' WHERE id = $1`, [roleChange.id])).rejects.toThrow();
  });

  it('is for owners and managers (moderator 403, member 403, other community 403); 400 for bad filters', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const path = `/api/v1/communities/${c.slug}/audit`;
    await t.http().get(path).set(bearer((await c.member()).token)).expect(403);
    await t.http().get(path).set(bearer((await c.member('moderator')).token)).expect(403);
    await t.http().get(path).set(bearer((await c.member('analyst')).token)).expect(403);
    await t.http().get(path).set(bearer(other.owner.token)).expect(403);
    await t.http().get(path).set(bearer((await c.member('manager')).token)).expect(200);
    for (const query of [{ type: 'post.created' }, { from: '2026-02-30' }, { cursor: 'abc' }, { actorId: 'me' }]) {
      expect(Object.keys((await t.http().get(path).query(query).set(bearer(c.owner.token)).expect(400)).body.fields ?? {}).length).toBeGreaterThan(0);
    }
  });
});
