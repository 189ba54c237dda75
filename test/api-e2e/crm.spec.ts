import iconv from 'iconv-lite';
import { createCommunity } from '../support/community';
import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

describe('CRM: customer records, CSV import, linking and the 360° view', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Community = Awaited<ReturnType<typeof createCommunity>>;

  const upload = (c: Community, kind: 'contacts' | 'orders', body: Buffer | string, name = `${kind}.csv`, token = c.owner.token) =>
    t.http().post(`/api/v1/communities/${c.slug}/crm/${kind}/import`).set(bearer(token)).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);

  /** Uploads, runs the import to the end, and returns the finished job. */
  const importFile = async (c: Community, kind: 'contacts' | 'orders', body: Buffer | string, name?: string) => {
    const started = await upload(c, kind, body, name).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', kind });
    await t.drainOutbox();
    const job = (await t.http().get(`/api/v1/communities/${c.slug}/crm/imports/${started.body.id}`).set(bearer(c.owner.token)).expect(200)).body;
    if (job.failure) process.stdout.write(`import failed: ${job.failure}\n`);
    return job;
  };

  const contacts = (c: Community, query: Record<string, string> = {}) =>
    t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).query(query).set(bearer(c.owner.token)).expect(200).then((r) => r.body.items as Array<Record<string, unknown>>);

  const SHOPIFY = [
    'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Province Code,Company',
    'C-001,さくら,山田,Sakura@Example.com,yes,13,絆商事',
    'C-002,はると,佐藤,haruto@example.com,no,27,',
    'C-003,ゆい,鈴木,,yes,01,',
  ].join('\n');

  it('imports a UTF-8 export with BOM, maps Shopify headers, keeps unknown columns as attributes, and a re-import changes nothing', async () => {
    const c = await createCommunity(t);
    const job = await importFile(c, 'contacts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SHOPIFY)]), 'customers_export.csv');
    expect(job).toMatchObject({ status: 'done', encoding: 'utf-8', rowsTotal: 3, rowsDone: 3, inserted: 3, updated: 0, skipped: 0, errorCount: 0, unmappedColumns: ['Company'] });
    const list = await contacts(c, { q: '山田' });
    expect(list).toEqual([
      expect.objectContaining({ externalId: 'C-001', email: 'sakura@example.com', familyName: '山田', givenName: 'さくら', region: '13', consent: expect.objectContaining({ email: expect.objectContaining({ granted: true, source: 'import:customers_export.csv' }) }) }),
    ]);
    const detail = await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${list[0].id}`).set(bearer(c.owner.token)).expect(200);
    expect(detail.body.attributes).toEqual({ Company: '絆商事' });
    expect((await contacts(c, { consent: 'email' })).map((x) => x.externalId).sort()).toEqual(['C-001', 'C-003']);

    const again = await importFile(c, 'contacts', SHOPIFY);
    expect(again).toMatchObject({ status: 'done', inserted: 0, updated: 0, skipped: 3 });
    const history = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM crm_consent_events WHERE community_id = (SELECT id FROM communities WHERE slug = $1)`, [c.slug]);
    expect(history[0].n).toBe(3);
    // A change of consent is one update and one more history entry.
    const changed = await importFile(c, 'contacts', 'Customer ID,Accepts Email Marketing\nC-001,no\n');
    expect(changed).toMatchObject({ inserted: 0, updated: 1, skipped: 0 });
    const consent = await t.db.dataSource.query(`SELECT granted FROM crm_consent_events WHERE contact_id = $1 ORDER BY id`, [list[0].id]);
    expect(consent).toEqual([{ granted: true }, { granted: false }]);
    // Fields the file does not have are kept.
    expect((await contacts(c, { q: 'C-001' }))[0]).toMatchObject({ familyName: '山田', email: 'sakura@example.com' });
  });

  it('detects and decodes a Shift_JIS (CP932) file from Japanese Excel', async () => {
    const c = await createCommunity(t);
    const csv = ['顧客ID,姓,名,セイ,メイ,メールアドレス,都道府県,生年月日,会員番号', 'K-1,髙橋,①子,タカハシ,イチコ,ichiko@example.jp,東京都,1990/04/01,M-0001'].join('\r\n');
    const job = await importFile(c, 'contacts', iconv.encode(csv, 'cp932'), '顧客一覧.csv');
    expect(job).toMatchObject({ status: 'done', encoding: 'cp932', inserted: 1, errorCount: 0 });
    expect((await contacts(c))[0]).toMatchObject({ familyName: '髙橋', givenName: '①子', familyNameKana: 'タカハシ', region: '東京都', customerNumber: 'M-0001' });
  });

  it('reports bad rows by line and field and imports the good ones', async () => {
    const c = await createCommunity(t);
    const csv = [
      'Customer ID,Email,Birthday,Accepts Email Marketing',
      'A1,a1@example.com,1990-01-01,yes',
      ',nobody@example.com,,',
      'A2,not-an-email,1990-02-30,maybe',
      'A1,dupe@example.com,,',
      '"A3","a3@example.com","",""',
    ].join('\n');
    const job = await importFile(c, 'contacts', csv);
    expect(job).toMatchObject({ status: 'done', rowsDone: 5, inserted: 2, skipped: 3, errorCount: 5 });
    expect(job.errors).toEqual([
      { line: 3, field: 'externalId', message: 'externalId is empty' },
      { line: 4, field: 'email', message: '"not-an-email" is not an email address' },
      { line: 4, field: 'birthDate', message: '"1990-02-30" is not a real date' },
      { line: 4, field: 'consentEmail', message: '"maybe" is not a yes/no value' },
      { line: 5, field: 'externalId', message: 'externalId A1 appears earlier in this file' },
    ]);
    expect((await contacts(c)).map((x) => x.externalId).sort()).toEqual(['A1', 'A3']);
  });

  it.each([
    ['an empty file', '', 'EMPTY_FILE'],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), 'NOT_CSV'],
    ['a file without an id column', 'Email,First Name\na@example.com,A\n', 'MISSING_COLUMNS'],
    ['a file with a column twice', 'Customer ID,Email,email\n1,a@example.com,b@example.com\n', 'DUPLICATE_COLUMNS'],
  ])('refuses %s at once with a 400, queuing nothing', async (_name, body, code) => {
    const c = await createCommunity(t);
    const res = await upload(c, 'contacts', body as Buffer | string).expect(400);
    expect(res.body).toMatchObject({ code, fields: { file: expect.any(Array) } });
    expect((await t.http().get(`/api/v1/communities/${c.slug}/crm/imports`).set(bearer(c.owner.token)).expect(200)).body).toEqual([]);
  });

  it('400 without a file, for an unknown kind (404) and for a mapping to unknown fields', async () => {
    const c = await createCommunity(t);
    const none = await t.http().post(`/api/v1/communities/${c.slug}/crm/contacts/import`).set(bearer(c.owner.token));
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: "FILE_REQUIRED" });
    await upload(c, 'contacts', SHOPIFY).field('mapping', '{"Company":"favouriteColour"}').expect(400);
    await upload(c, 'contacts', SHOPIFY).field('mapping', 'not json').expect(400);
    await t.http().post(`/api/v1/communities/${c.slug}/crm/widgets/import`).set(bearer(c.owner.token)).attach('file', Buffer.from(SHOPIFY), 'x.csv').expect(404);
  });

  it('uses a saved custom mapping for headers it does not know', async () => {
    const c = await createCommunity(t);
    await t.http().put(`/api/v1/communities/${c.slug}/crm/import-mappings/contacts`).set(bearer(c.owner.token)).send({ mapping: { 会員コード: 'externalId', 備考: 'ignore' } }).expect(200);
    const job = await importFile(c, 'contacts', '会員コード,メールアドレス,備考\nX-9,x9@example.com,メモ\n');
    expect(job).toMatchObject({ status: 'done', inserted: 1, unmappedColumns: [] });
    expect((await contacts(c))[0]).toMatchObject({ externalId: 'X-9', email: 'x9@example.com' });
  });

  it('imports Shopify-style orders (a row per line item), creates unknown customers, totals them, and re-imports idempotently', async () => {
    const c = await createCommunity(t);
    await importFile(c, 'contacts', SHOPIFY);
    const orders = [
      'Name,Email,Created at,Total,Currency,Lineitem sku,Lineitem name,Lineitem quantity,Lineitem price',
      '#1001,sakura@example.com,2026-01-10 10:00,"5,500",JPY,TEE-01,Tシャツ,1,3300',
      '#1001,,,,,CAP-01,キャップ,1,2200',
      '#1002,sakura@example.com,2026-02-01 12:00,1200,JPY,STK-01,ステッカー,2,600',
      '#1003,newfan@example.com,2026-02-03 09:30,800,JPY,,,,',
      '#1004,,soon,abc,JPY,,,,',
    ].join('\n');
    const job = await importFile(c, 'orders', orders);
    expect(job).toMatchObject({ status: 'done', inserted: 3, errorCount: 3 });
    expect(job.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['6:contactExternalId', '6:purchasedAt', '6:amount']);
    const sakura = (await contacts(c, { q: 'sakura' }))[0];
    const detail = await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${sakura.id}`).set(bearer(c.owner.token)).expect(200);
    expect(detail.body.totals).toEqual([
      { currency: 'JPY', orders: 2, spend: 6700, averageOrder: 3350, firstPurchaseAt: '2026-01-10T01:00:00.000Z', lastPurchaseAt: '2026-02-01T03:00:00.000Z' },
    ]);
    expect(detail.body.orders[1]).toMatchObject({
      externalId: '#1001',
      amount: 5500,
      lineItems: [
        { sku: 'TEE-01', name: 'Tシャツ', quantity: 1, unitPrice: 3300 },
        { sku: 'CAP-01', name: 'キャップ', quantity: 1, unitPrice: 2200 },
      ],
    });
    expect(detail.body.rfm).toMatchObject({ currency: 'JPY', segment: expect.any(String) });
    expect((await contacts(c, { q: 'newfan' }))[0]).toMatchObject({ externalId: 'email:newfan@example.com', email: 'newfan@example.com' });
    // Three unchanged orders and the bad row again (the continuation row belongs to #1001).
    expect(await importFile(c, 'orders', orders)).toMatchObject({ inserted: 0, updated: 0, skipped: 4 });
  });

  describe('linking members to customers', () => {
    it('links by a confirmed email — on import and when a member joins — and awards a purchase badge from an order import', async () => {
      const c = await createCommunity(t);
      const firstPurchase = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token))
        .send({ key: 'first-purchase', name: { ja: '初回購入', en: 'First purchase' }, icon: '🛍️', tier: 'bronze', rule: { type: 'lifetimeSpend', atLeast: 1, currency: 'JPY' } })
        .expect(201);
      const fan = await c.member(undefined, 'さくら');
      await t.db.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [fan.id]);
      const unverified = await c.member(undefined, 'はると');
      await importFile(c, 'contacts', `Customer ID,Email\nC-1,${fan.email}\nC-2,${unverified.email}\n`);
      const [linked] = await contacts(c, { linked: 'true' });
      expect(linked).toMatchObject({ externalId: 'C-1', linkedUserId: fan.id });
      expect(await contacts(c, { linked: 'false' })).toHaveLength(1);

      await importFile(c, 'orders', `Order ID,Customer ID,Order Date,Total\nO-1,C-1,2026-03-01,4400\n`);
      const awards = await t.db.dataSource.query(`SELECT user_id FROM badge_awards WHERE badge_id = $1`, [firstPurchase.body.id]);
      expect(awards).toEqual([{ user_id: fan.id }]);
      const detail = await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${linked.id}`).set(bearer(c.owner.token)).expect(200);
      expect(detail.body.member).toMatchObject({ userId: fan.id, displayName: fan.displayName, badges: [expect.objectContaining({ id: firstPurchase.body.id })] });
      expect(detail.body.linkMethod).toBe('email');

      // A customer who joins later is linked once they have confirmed their email.
      const later = await signUp(t, 'ゆい');
      await importFile(c, 'contacts', `Customer ID,Email\nC-3,${later.email}\n`);
      await t.db.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [later.id]);
      await t.http().post(`/api/v1/communities/${c.slug}/join`).set(bearer(later.token)).expect(201);
      await t.drainOutbox();
      expect((await contacts(c, { q: 'C-3' }))[0].linkedUserId).toBe(later.id);
      const activity = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE type = 'contact.linked' AND community_id = (SELECT id FROM communities WHERE slug = $1)`, [c.slug]);
      expect(activity[0].n).toBe(2);
    });

    it('links by customer number with a second detail; a claim on a taken record becomes a conflict, never a merge', async () => {
      const c = await createCommunity(t);
      await importFile(c, 'contacts', 'Customer ID,Member Number,Birthday,Phone\nC-1,M-100,1990-04-01,090-1234-5678\n');
      const fan = await c.member();
      const other = await c.member();
      const claim = (token: string, body: Record<string, string>) => t.http().post(`/api/v1/communities/${c.slug}/me/customer-link`).set(bearer(token)).send(body);
      expect((await claim(fan.token, { customerNumber: 'M-100', verifier: '1990-04-02' }).expect(404)).body.code).toBe('CUSTOMER_NOT_FOUND');
      expect((await claim(fan.token, { customerNumber: 'M-999', verifier: '1990-04-01' }).expect(404)).body.code).toBe('CUSTOMER_NOT_FOUND');
      expect((await claim(fan.token, { customerNumber: 'M-100', verifier: '09012345678' }).expect(201)).body.linkedUserId).toBe(fan.id);
      expect((await claim(other.token, { customerNumber: 'M-100', verifier: '1990-04-01' }).expect(409)).body.code).toBe('LINK_CONFLICT');
      const [contact] = await contacts(c);
      expect(contact.linkedUserId).toBe(fan.id);
      const conflicts = await t.http().get(`/api/v1/communities/${c.slug}/crm/link-conflicts`).set(bearer(c.owner.token)).expect(200);
      expect(conflicts.body).toEqual([expect.objectContaining({ contactId: contact.id, userId: other.id, method: 'number' })]);

      // The manager decides: unlink the first, link the other by hand; the conflict is resolved.
      await t.http().put(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/link`).set(bearer(c.owner.token)).send({ userId: other.id }).expect(409);
      await t.http().delete(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/link`).set(bearer(c.owner.token)).expect(204);
      await t.http().put(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/link`).set(bearer(c.owner.token)).send({ userId: other.id }).expect(204);
      expect((await contacts(c))[0].linkedUserId).toBe(other.id);
      expect((await t.http().get(`/api/v1/communities/${c.slug}/crm/link-conflicts`).set(bearer(c.owner.token)).expect(200)).body).toEqual([]);
      const log = await t.db.dataSource.query(`SELECT type FROM activity WHERE subject_id = $1 ORDER BY id`, [contact.id]);
      expect(log.map((r: { type: string }) => r.type)).toEqual(['contact.linked', 'contact.link_conflict', 'contact.unlinked', 'contact.linked']);
    });
  });

  it('keeps CRM data to owners, managers and analysts (member 403, moderator 403), and other communities out (404)', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    await importFile(c, 'contacts', SHOPIFY);
    const [contact] = await contacts(c);
    const member = await c.member();
    const moderator = await c.member('moderator');
    const analyst = await c.member('analyst');
    for (const who of [member, moderator]) {
      await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).set(bearer(who.token)).expect(403);
      await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}`).set(bearer(who.token)).expect(403);
      await upload(c, 'contacts', SHOPIFY, 'x.csv', who.token).expect(403);
    }
    await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).expect(401);
    await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}`).set(bearer(analyst.token)).expect(200);
    await upload(c, 'contacts', SHOPIFY, 'x.csv', analyst.token).expect(403);
    // Another community's owner asks for this contact through their own community.
    await t.http().get(`/api/v1/communities/${other.slug}/crm/contacts/${contact.id}`).set(bearer(other.owner.token)).expect(404);
    await t.http().put(`/api/v1/communities/${other.slug}/crm/contacts/${contact.id}/link`).set(bearer(other.owner.token)).send({ userId: other.owner.id }).expect(404);
    const job = (await t.http().get(`/api/v1/communities/${c.slug}/crm/imports`).set(bearer(c.owner.token)).expect(200)).body[0];
    await t.http().get(`/api/v1/communities/${other.slug}/crm/imports/${job.id}`).set(bearer(other.owner.token)).expect(404);
  });

  it('imports 100,000 orders in batches, with progress, in bounded memory', async () => {
    const c = await createCommunity(t);
    const lines = ['Order ID,Customer ID,Order Date,Total,Lineitem sku'];
    for (let i = 0; i < 100_000; i += 1) lines.push(`O${i},C${i % 5000},2026-01-${String((i % 28) + 1).padStart(2, '0')} 12:00,${1000 + (i % 50) * 100},SKU-${i % 40}`);
    const started = await upload(c, 'orders', lines.join('\n')).expect(202);
    const progress: number[] = [];
    const runner = t.app.get((await import('../../apps/api/src/crm/import/import-runner.service')).ImportRunnerService);
    const realtime = t.app.get((await import('../../apps/api/src/realtime/realtime.service')).RealtimeService);
    const toUser = realtime.toUser.bind(realtime);
    realtime.toUser = ((userId: string, event: string, payload: { rowsDone: number }) => {
      if (event === 'import.progress') progress.push(payload.rowsDone);
      return toUser(userId, event as never, payload as never);
    }) as typeof realtime.toUser;
    const startedAt = Date.now();
    await runner.drain();
    const seconds = (Date.now() - startedAt) / 1000;
    realtime.toUser = toUser;
    const job = (await t.http().get(`/api/v1/communities/${c.slug}/crm/imports/${started.body.id}`).set(bearer(c.owner.token)).expect(200)).body;
    expect(job).toMatchObject({ status: 'done', rowsTotal: 100_000, rowsDone: 100_000, inserted: 100_000, errorCount: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const counts = await t.db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM crm_orders WHERE community_id = x.id) AS orders, (SELECT count(*)::int FROM crm_contacts WHERE community_id = x.id) AS contacts FROM communities x WHERE slug = $1`,
      [c.slug],
    );
    expect(counts[0]).toEqual({ orders: 100_000, contacts: 5000 });
    process.stdout.write(`100,000 orders imported in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)} rows/s)\n`);
  }, 180_000);
});
