import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommunity } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

describe('CRM: segments, consent-filtered export and customer value', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Community = Awaited<ReturnType<typeof createCommunity>>;

  const importFile = async (c: Community, kind: 'contacts' | 'orders', csv: string) => {
    const started = await t.http().post(`/api/v1/communities/${c.slug}/crm/${kind}/import`).set(bearer(c.owner.token)).attach('file', Buffer.from(csv), `${kind}.csv`).expect(202);
    await t.drainOutbox();
    const job = (await t.http().get(`/api/v1/communities/${c.slug}/crm/imports/${started.body.id}`).set(bearer(c.owner.token)).expect(200)).body;
    expect(job).toMatchObject({ status: 'done', errorCount: 0 });
    return job;
  };

  /** Ten customers: C1–C5 in Tokyo (email consent for C1–C3), C6–C10 in Osaka (none); C1 and C6 bought a T-shirt. */
  const seed = async (c: Community) => {
    const contacts = ['Customer ID,Email,Province,Accepts Email Marketing'];
    for (let i = 1; i <= 10; i += 1) contacts.push(`C${i},c${i}@example.com,${i <= 5 ? '東京都' : '大阪府'},${i <= 3 ? 'yes' : 'no'}`);
    await importFile(c, 'contacts', contacts.join('\n'));
    await importFile(c, 'orders', ['Order ID,Customer ID,Order Date,Total,Lineitem sku', 'O1,C1,2026-01-05,5000,TEE-01', 'O2,C6,2026-01-06,3000,TEE-01', 'O3,C2,2026-01-07,800,STK-01'].join('\n'));
  };

  const tokyoRule = { match: 'all', conditions: [{ field: 'region', op: 'eq', value: '東京都' }] };

  it('counts live, saves, lists members, and exports only contacts who consented to the channel', async () => {
    const c = await createCommunity(t);
    await seed(c);
    const path = `/api/v1/communities/${c.slug}/segments`;
    expect((await t.http().post(`${path}/preview`).set(bearer(c.owner.token)).send({ rule: tokyoRule }).expect(200)).body).toEqual({ count: 5 });
    const bought = { match: 'all', conditions: [{ field: 'orders.sku', op: 'bought', value: 'TEE-01' }] };
    expect((await t.http().post(`${path}/preview`).set(bearer(c.owner.token)).send({ rule: bought }).expect(200)).body).toEqual({ count: 2 });
    const either = { match: 'any', conditions: [{ field: 'orders.sku', op: 'bought', value: 'TEE-01' }, { field: 'consent.email', op: 'is', value: true }] };
    expect((await t.http().post(`${path}/preview`).set(bearer(c.owner.token)).send({ rule: either }).expect(200)).body).toEqual({ count: 4 });

    const saved = await t.http().post(path).set(bearer(c.owner.token)).send({ name: '東京のお客さま', rule: tokyoRule }).expect(201);
    expect(saved.body).toMatchObject({ name: '東京のお客さま', count: 5 });
    expect((await t.http().post(path).set(bearer(c.owner.token)).send({ name: '東京のお客さま', rule: tokyoRule }).expect(409)).body.code).toBe('SEGMENT_NAME_TAKEN');
    expect((await t.http().get(path).set(bearer(c.owner.token)).expect(200)).body).toEqual([expect.objectContaining({ id: saved.body.id, count: 5 })]);

    const members = await t.http().get(`${path}/${saved.body.id}/contacts`).query({ limit: 3 }).set(bearer(c.owner.token)).expect(200);
    expect(members.body).toMatchObject({ count: 5, items: expect.any(Array) });
    expect(members.body.items).toHaveLength(3);
    const rest = await t.http().get(`${path}/${saved.body.id}/contacts`).query({ limit: 3, cursor: members.body.nextCursor }).set(bearer(c.owner.token)).expect(200);
    expect([...members.body.items, ...rest.body.items].map((x: { externalId: string }) => x.externalId).sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(rest.body.nextCursor).toBeNull();

    expect((await t.http().get(`${path}/${saved.body.id}/export-summary`).query({ channel: 'email' }).set(bearer(c.owner.token)).expect(200)).body).toEqual({ included: 3, excluded: 2 });
    const exported = await t.http().get(`${path}/${saved.body.id}/export`).query({ channel: 'email' }).set(bearer(c.owner.token)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.headers['x-kizuna-included']).toBe('3');
    expect(exported.headers['x-kizuna-excluded']).toBe('2');
    const lines = (exported.body as string).replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('external_id,email,family_name,given_name,family_name_kana,given_name_kana,phone,region,customer_number,rfm_segment');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['C1', 'C2', 'C3']);
    const audit = await t.db.dataSource.query(`SELECT data FROM activity WHERE type = 'segment.exported' AND subject_id = $1`, [saved.body.id]);
    expect(audit).toEqual([{ data: { channel: 'email', included: 3, excluded: 2 } }]);

    // A change of consent changes the export at once.
    await importFile(c, 'contacts', 'Customer ID,Accepts Email Marketing\nC4,yes\nC1,no\n');
    expect((await t.http().get(`${path}/${saved.body.id}/export-summary`).query({ channel: 'email' }).set(bearer(c.owner.token)).expect(200)).body).toEqual({ included: 3, excluded: 2 });
    expect((await t.http().get(`${path}/${saved.body.id}/export-summary`).query({ channel: 'line' }).set(bearer(c.owner.token)).expect(200)).body).toEqual({ included: 0, excluded: 5 });
  });

  it('announces a contact entering a segment once, not those already in it when it was saved', async () => {
    const c = await createCommunity(t);
    await seed(c);
    const saved = await t.http().post(`/api/v1/communities/${c.slug}/segments`).set(bearer(c.owner.token)).send({ name: '東京', rule: tokyoRule }).expect(201);
    const membership = t.app.get((await import('../../apps/api/src/crm/segment-membership.service')).SegmentMembershipService);
    const entries = () => t.db.dataSource.query(`SELECT data->>'contactId' AS contact FROM activity WHERE type = 'segment.entered' AND subject_id = $1`, [saved.body.id]);
    await membership.refreshAll();
    expect(await entries()).toEqual([]);
    // C6 moves to Tokyo: it enters, once.
    await importFile(c, 'contacts', 'Customer ID,Province\nC6,東京都\n');
    const [c6] = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).query({ q: 'C6' }).set(bearer(c.owner.token)).expect(200)).body.items;
    await membership.refreshAll();
    await membership.refreshAll();
    expect(await entries()).toEqual([{ contact: c6.id }]);
    // Leaving and coming back is a new entry.
    await importFile(c, 'contacts', 'Customer ID,Province\nC6,大阪府\n');
    await membership.refreshAll();
    await importFile(c, 'contacts', 'Customer ID,Province\nC6,東京都\n');
    await membership.refreshAll();
    expect(await entries()).toHaveLength(2);
  });

  it('selects by community standing: linked members of a rank', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    await t.db.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [fan.id]);
    await importFile(c, 'contacts', `Customer ID,Email\nF1,${fan.email}\nF2,other@example.com\n`);
    await t.db.dataSource.query(`INSERT INTO points_ledger (community_id, user_id, points, reason, activity_id) SELECT id, $2, 250, 'test', 0 FROM communities WHERE slug = $1`, [c.slug, fan.id]);
    const rule = { match: 'all', conditions: [{ field: 'member.linked', op: 'is', value: true }, { field: 'member.rank', op: 'in', value: ['gold', 'platinum'] }] };
    expect((await t.http().post(`/api/v1/communities/${c.slug}/segments/preview`).set(bearer(c.owner.token)).send({ rule }).expect(200)).body).toEqual({ count: 1 });
  });

  it.each([
    ['an unknown field', { match: 'all', conditions: [{ field: 'shoeSize', op: 'eq', value: '25' }] }, 'rule.conditions[0].field'],
    ['a wrong value', { match: 'all', conditions: [{ field: 'pAlive', op: 'lt', value: 'low' }] }, 'rule.conditions[0].value'],
    ['no conditions', { match: 'all', conditions: [] }, 'rule'],
  ])('400 INVALID_SEGMENT for %s, naming the place', async (_name, rule, field) => {
    const c = await createCommunity(t);
    const res = await t.http().post(`/api/v1/communities/${c.slug}/segments`).set(bearer(c.owner.token)).send({ name: 'x', rule }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_SEGMENT', fields: { [field]: expect.any(Array) } });
  });

  it('keeps segments to owners, managers and analysts; the internal export to owners and managers; other communities 404', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    await seed(c);
    const saved = await t.http().post(`/api/v1/communities/${c.slug}/segments`).set(bearer(c.owner.token)).send({ name: '東京', rule: tokyoRule }).expect(201);
    const member = await c.member();
    const moderator = await c.member('moderator');
    const analyst = await c.member('analyst');
    for (const who of [member, moderator]) {
      await t.http().get(`/api/v1/communities/${c.slug}/segments`).set(bearer(who.token)).expect(403);
      await t.http().get(`/api/v1/communities/${c.slug}/segments/${saved.body.id}/export`).query({ channel: 'email' }).set(bearer(who.token)).expect(403);
    }
    await t.http().get(`/api/v1/communities/${c.slug}/segments/${saved.body.id}/export`).query({ channel: 'email' }).set(bearer(analyst.token)).expect(200);
    await t.http().get(`/api/v1/communities/${c.slug}/segments/${saved.body.id}/export`).set(bearer(analyst.token)).expect(403);
    await t.http().get(`/api/v1/communities/${c.slug}/segments/${saved.body.id}/export`).set(bearer(c.owner.token)).expect(200);
    await t.http().get(`/api/v1/communities/${other.slug}/segments/${saved.body.id}`).set(bearer(other.owner.token)).expect(404);
    await t.http().get(`/api/v1/communities/${c.slug}/segments/${saved.body.id}/export`).query({ channel: 'fax' }).set(bearer(c.owner.token)).expect(400);
  });

  it('fits BG/NBD and Gamma-Gamma on imported CDNOW orders and reproduces the published parameters', async () => {
    const c = await createCommunity(t);
    // The 1/10th CDNOW sample (see libs/engagement/src/customer-value/fixtures/README.md), as an orders export in dollars.
    const raw = readFileSync(join(__dirname, '../../libs/engagement/src/customer-value/fixtures/CDNOW_sample.txt'), 'utf8');
    const lines = ['Order ID,Customer ID,Order Date,Total,Currency'];
    raw.split(/\r?\n/).filter((l) => l.trim()).forEach((line, i) => {
      const [, customer, date, , dollars] = line.trim().split(/\s+/);
      lines.push(`T${i},S${customer},${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T12:00:00Z,${dollars},USD`);
    });
    await importFile(c, 'orders', lines.join('\n'));
    // One customer is a member of the community (linked by hand): value by engagement tier includes them.
    const fan = await c.member();
    const [s1] = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).query({ q: 'S0001' }).set(bearer(c.owner.token)).expect(200)).body.items;
    await t.http().put(`/api/v1/communities/${c.slug}/crm/contacts/${s1.id}/link`).set(bearer(c.owner.token)).send({ userId: fan.id }).expect(204);
    const res = await t.http().get(`/api/v1/communities/${c.slug}/analytics/customer-value`).query({ asOf: '1997-09-30', unit: 'week' }).set(bearer(c.owner.token)).expect(200);
    expect(res.body).toMatchObject({ asOf: '1997-09-30', unit: 'week', currency: 'USD', customers: 2357 });
    const near = (value: number, published: number) => expect(Math.abs(value - published) / published).toBeLessThan(0.01);
    near(res.body.bgnbd.r, 0.243);
    near(res.body.bgnbd.alpha, 4.414);
    near(res.body.bgnbd.a, 0.793);
    near(res.body.bgnbd.b, 2.426);
    // Gamma-Gamma on cents: p and q are unit-free, γ scales with the currency unit.
    near(res.body.gammaGamma.p, 6.25);
    near(res.body.gammaGamma.q, 3.74);
    near(res.body.gammaGamma.gamma / 100, 15.44);
    expect(res.body.diagnostics).toMatchObject({ converged: true });
    near(res.body.diagnostics.logLikelihood, -9582.4);
    const all = res.body.groups.find((g: { group: string }) => g.group === 'all');
    expect(all).toMatchObject({ customers: 2357 });
    // In 1997 the member had not taken part yet: an observer.
    expect(res.body.groups.find((g: { group: string }) => g.group === 'tier:observer')).toMatchObject({ customers: 1 });
    expect(res.body.groups.find((g: { group: string }) => g.group === 'community:linked')).toMatchObject({ customers: 1 });
    expect(all.meanPAlive).toBeGreaterThan(0);
    expect(all.meanPAlive).toBeLessThan(1);
    await t.http().get(`/api/v1/communities/${c.slug}/analytics/customer-value`).query({ asOf: '1997-02-30' }).set(bearer(c.owner.token)).expect(400);
    await t.http().get(`/api/v1/communities/${c.slug}/analytics/customer-value`).set(bearer((await c.member()).token)).expect(403);
  }, 120_000);

  it('answers 409 when there are too few orders to fit', async () => {
    const c = await createCommunity(t);
    await seed(c);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/analytics/customer-value`).set(bearer(c.owner.token)).expect(409)).body.code).toBe('NOT_ENOUGH_ORDERS');
  });
});
