import { ageMembership, createCommunity, reply, startThread } from '../support/community';
import { bearer, createTestApp, refreshCookie, type TestApp } from '../support/test-app';

describe('privacy rights: data export, account erasure, erasure requests and consent history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Community = Awaited<ReturnType<typeof createCommunity>>;
  type Account = Awaited<ReturnType<Community['member']>>;

  const importFile = async (c: Community, kind: 'contacts' | 'orders', csv: string) => {
    await t.http().post(`/api/v1/communities/${c.slug}/crm/${kind}/import`).set(bearer(c.owner.token)).attach('file', Buffer.from(csv, 'utf8'), `${kind}.csv`).expect(202);
    await t.drainOutbox();
  };
  const verify = (who: Account) => t.db.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [who.id]);
  const contactOf = async (c: Community, externalId: string) =>
    (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).query({ q: externalId }).set(bearer(c.owner.token)).expect(200)).body.items[0] as { id: string };
  const react = (who: Account, postId: string, emoji = '👍') => t.http().put(`/api/v1/posts/${postId}/reactions/${encodeURIComponent(emoji)}`).set(bearer(who.token)).expect(200);
  const erase = (who: Account, password = who.password) => t.http().delete('/api/v1/me').set(bearer(who.token)).send({ password });

  /** A fan with a thread, a reply, a reaction, a badge, points, a notification and a linked customer record with orders. */
  async function activeFan(c: Community, name = 'さくら') {
    const fan = await c.member(undefined, name);
    const other = await c.member(undefined, 'はると');
    await ageMembership(t, c.slug, fan.id);
    await ageMembership(t, c.slug, other.id);
    await verify(fan);
    const thread = await startThread(t, c.boardId, fan, 'さくらの新曲スレ', 'さくらの感想：最高の一曲でした');
    const otherReply = await reply(t, thread.id, other, 'はるとの返信です');
    const fanReply = await reply(t, thread.id, fan, 'さくらの二回目の書き込み');
    await react(fan, otherReply.id, '🎉');
    await react(other, thread.posts.items[0].id, '❤️');
    const badge = await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send({ key: `helper-${fan.id.slice(0, 8)}`, name: { ja: 'お手伝い', en: 'Helper' }, icon: '🤝', tier: 'silver' }).expect(201);
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${badge.body.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '感謝' }).expect(201);
    const externalId = `C-${fan.id.slice(0, 8)}`;
    await importFile(c, 'contacts', `Customer ID,First Name,Last Name,Email,Phone,Birthday,Accepts Email Marketing\n${externalId},さくら,山田,${fan.email},090-1111-2222,1990-04-01,yes\n`);
    await importFile(c, 'orders', `Order ID,Customer ID,Order Date,Total\nO-${externalId},${externalId},2026-03-01,4400\n`);
    await t.drainOutbox();
    return { fan, other, thread, otherReply, fanReply, badgeId: badge.body.id as string, externalId };
  }

  it('exports everything about me as one JSON download: account without password hash, memberships, posts, reactions, badges, points, notifications, consents, customer records', async () => {
    const c = await createCommunity(t);
    const { fan, other, badgeId, externalId } = await activeFan(c);
    const second = await createCommunity(t);
    await t.http().post(`/api/v1/communities/${second.slug}/join`).set(bearer(fan.token)).expect(201);

    const res = await t.http().get('/api/v1/me/export').set(bearer(fan.token)).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kizuna-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = res.body;
    expect(data.account).toEqual({ id: fan.id, email: fan.email, displayName: fan.displayName, locale: 'ja', emailVerified: true, createdAt: expect.any(String) });
    expect(data.memberships.map((m: { slug: string; role: string }) => [m.slug, m.role])).toEqual([[c.slug, 'member'], [second.slug, 'member']]);
    expect(data.threads).toEqual([expect.objectContaining({ title: 'さくらの新曲スレ' })]);
    expect(data.posts.map((p: { bodyMarkdown: string }) => p.bodyMarkdown)).toEqual(['さくらの感想：最高の一曲でした', 'さくらの二回目の書き込み']);
    expect(data.reactions).toEqual([expect.objectContaining({ emoji: '🎉' })]);
    const here = data.recognition.find((r: { communityId: string }) => r.communityId === data.memberships[0].communityId);
    expect(here.badges).toEqual([expect.objectContaining({ badgeId, name: { ja: 'お手伝い', en: 'Helper' }, reason: '感謝', awardedAt: expect.any(String), revokedAt: null })]);
    expect(here.points).toBeGreaterThan(0);
    expect(here.points).toBe(here.ledger.reduce((sum: number, e: { points: number }) => sum + e.points, 0));
    expect(typeof here.rank).toBe('string');
    expect(data.notifications.map((n: { type: string }) => n.type)).toContain('reply');
    expect(data.consents).toEqual([expect.objectContaining({ channel: 'email', granted: true, source: 'import:contacts.csv' })]);
    expect(data.customerRecords).toEqual([
      expect.objectContaining({
        externalId,
        email: fan.email,
        familyName: '山田',
        phone: expect.stringContaining('090'),
        birthDate: '1990-04-01',
        consentHistory: [expect.objectContaining({ channel: 'email', granted: true })],
        orders: [expect.objectContaining({ externalId: `O-${externalId}`, amount: 4400, currency: 'JPY' })],
      }),
    ]);

    // Nothing secret, nothing about other people.
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/password|\$argon2/i);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.displayName);
    expect(text).not.toContain(c.owner.email);
    const [logged] = await t.db.dataSource.query(`SELECT actor_id, data FROM activity WHERE type = 'account.exported' AND actor_id = $1`, [fan.id]);
    expect(logged).toEqual({ actor_id: fan.id, data: {} });
    await t.http().get('/api/v1/me/export').expect(401);
  });

  it('erases an account in one go: no sign-in, nameless posts, off leaderboard, search and profiles, customer record anonymised; analytics unchanged', async () => {
    const c = await createCommunity(t);
    const { fan, other, thread, externalId } = await activeFan(c);
    const contact = await contactOf(c, externalId);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const analytics = async () => ({
      overview: (await t.http().get(`/api/v1/communities/${c.slug}/analytics/overview`).query({ from: today, to: today }).set(bearer(c.owner.token)).expect(200)).body,
      top: (await t.http().get(`/api/v1/communities/${c.slug}/analytics/top-contributors`).query({ from: today, to: today }).set(bearer(c.owner.token)).expect(200)).body,
    });
    const before = await analytics();
    const memberCount = (await t.http().get(`/api/v1/communities/${c.slug}`).expect(200)).body.memberCount;
    const login = await t.http().post('/api/v1/auth/login').send({ email: fan.email, password: fan.password }).expect(200);

    expect((await erase(fan, 'not-my-password').expect(400)).body).toMatchObject({ code: 'WRONG_PASSWORD', fields: { password: [expect.stringContaining('current password')] } });
    expect((await t.http().delete('/api/v1/me').set(bearer(fan.token)).send({}).expect(400)).body.fields).toHaveProperty('password');
    await erase(fan).expect(204);
    await t.drainOutbox();

    // The account is gone for good: old tokens, refresh cookies and the password stop working; a second call is 401.
    await t.http().get('/api/v1/me').set(bearer(fan.token)).expect(401);
    await erase(fan).expect(401);
    await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', refreshCookie(login)).expect(401);
    await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', fan.cookie).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: fan.email, password: fan.password }).expect(401);
    const [row] = await t.db.dataSource.query(`SELECT email, display_name, password_hash, erased_at FROM users WHERE id = $1`, [fan.id]);
    expect(row).toEqual({ email: `erased:${fan.id}`, display_name: '', password_hash: '', erased_at: expect.any(Date) });
    // The address is free again.
    await t.http().post('/api/v1/auth/register').send({ email: fan.email, password: fan.password, displayName: '新しいさくら' }).expect(201);

    // Posts stay, shown as a deleted member's; others' posts keep their author.
    const page = (await t.http().get(`/api/v1/threads/${thread.id}`).set(bearer(other.token)).expect(200)).body;
    expect(page.author).toBeNull();
    expect(page.posts.items.map((p: { author: { id: string } | null }) => p.author?.id ?? null)).toEqual([null, other.id, null]);
    expect(page.posts.items[0].bodyMarkdown).toBe('さくらの感想：最高の一曲でした');
    expect(JSON.stringify(page)).not.toContain(fan.displayName);
    const hits = (await t.http().get(`/api/v1/communities/${c.slug}/search`).query({ q: '最高の一曲' }).set(bearer(other.token)).expect(200)).body.items;
    expect(hits).toEqual([expect.objectContaining({ kind: 'post', threadId: thread.id })]);
    expect(JSON.stringify(hits)).not.toContain(fan.displayName);

    // Out of the leaderboard, member search and profiles; still counted as a member.
    const leaderboard = (await t.http().get(`/api/v1/communities/${c.slug}/leaderboard`).expect(200)).body;
    expect(leaderboard.map((e: { userId: string }) => e.userId)).not.toContain(fan.id);
    expect(leaderboard.map((e: { userId: string }) => e.userId)).toContain(other.id);
    const members = (await t.http().get(`/api/v1/communities/${c.slug}/members`).query({ q: '' }).set(bearer(c.owner.token)).expect(200)).body;
    expect(members.map((m: { userId: string }) => m.userId)).not.toContain(fan.id);
    await t.http().get(`/api/v1/communities/${c.slug}/members/${fan.id}`).expect(404);
    const badge = (await t.http().get(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).expect(200)).body[0];
    await t.http().post(`/api/v1/communities/${c.slug}/badges/${badge.id}/awards`).set(bearer(c.owner.token)).send({ userId: fan.id, reason: '再授与' }).expect(404);
    expect((await t.http().get(`/api/v1/communities/${c.slug}`).expect(200)).body.memberCount).toBe(memberCount);

    // The customer record is anonymised and unlinked; orders stay for analytics; consent recorded as withdrawn.
    const detail = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}`).set(bearer(c.owner.token)).expect(200)).body;
    expect(detail).toMatchObject({
      email: null, familyName: '', givenName: '', familyNameKana: '', givenNameKana: '', phone: null, birthDate: null, attributes: {},
      linkedUserId: null, member: null, erasedAt: expect.any(String), consent: { email: null, line: null, sms: null },
      totals: [expect.objectContaining({ currency: 'JPY', orders: 1, spend: 4400 })],
    });
    expect(detail.externalId).not.toBe(externalId);
    const history = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/consent-history`).set(bearer(c.owner.token)).expect(200)).body;
    expect(history[0]).toMatchObject({ channel: 'email', granted: false, source: 'erasure' });

    // Analytics keep counting; no report names the erased member.
    const after = await analytics();
    expect(after.overview).toEqual(before.overview);
    expect(after.top.map((m: { userId: string; score: number }) => [m.userId, m.score])).toEqual(before.top.map((m: { userId: string; score: number }) => [m.userId, m.score]));
    expect(JSON.stringify(after.top)).not.toContain(fan.displayName);

    const [erased] = await t.db.dataSource.query(`SELECT actor_id, community_id, data FROM activity WHERE type = 'account.erased' AND actor_id = $1`, [fan.id]);
    expect(erased).toEqual({ actor_id: fan.id, community_id: null, data: { communities: 1, postsRemovedIn: 0 } });
    // Their notifications are gone, and nothing new reaches the erased account.
    await reply(t, thread.id, other, 'まだ読んでいますか？');
    await t.drainOutbox();
    const [notifications] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [fan.id]);
    expect(notifications.n).toBe(0);
  });

  it('removes the posts of an erased member where the community says so (owner or manager sets it)', async () => {
    const c = await createCommunity(t);
    const member = await c.member();
    expect((await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(member.token)).send({ erasedPostsPolicy: 'remove' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ erasedPostsPolicy: 'shred' }).expect(400)).body.fields).toHaveProperty('erasedPostsPolicy');
    expect((await t.http().get(`/api/v1/communities/${c.slug}`).expect(200)).body.erasedPostsPolicy).toBe('anonymise');
    const updated = await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ erasedPostsPolicy: 'remove' }).expect(200);
    expect(updated.body.erasedPostsPolicy).toBe('remove');

    const fan = await c.member(undefined, 'ゆい');
    await ageMembership(t, c.slug, fan.id);
    await ageMembership(t, c.slug, member.id);
    const own = await startThread(t, c.boardId, fan, 'ゆいのスレ', 'ゆいの消える書き込み');
    await reply(t, own.id, member, '残る返信');
    const others = await startThread(t, c.boardId, member, '別のスレ', '残る本文');
    const fanReply = await reply(t, others.id, fan, 'ゆいの消える返信');
    await t.http().patch(`/api/v1/posts/${fanReply.id}`).set(bearer(fan.token)).send({ body: 'ゆいの消える返信（編集）' }).expect(200);
    expect((await t.http().get(`/api/v1/threads/${others.id}`).expect(200)).body.replyCount).toBe(1);

    await erase(fan).expect(204);
    const page = (await t.http().get(`/api/v1/threads/${own.id}`).expect(200)).body;
    expect(page.posts.items.map((p: { deleted: boolean; bodyHtml: string | null }) => [p.deleted, p.bodyHtml === null])).toEqual([[true, true], [false, false]]);
    const theirs = (await t.http().get(`/api/v1/threads/${others.id}`).expect(200)).body;
    expect(theirs.replyCount).toBe(0);
    expect(theirs.posts.items[1]).toMatchObject({ deleted: true, bodyHtml: null, author: null });
    expect((await t.http().get(`/api/v1/communities/${c.slug}/search`).query({ q: '消える' }).set(bearer(member.token)).expect(200)).body.items).toEqual([]);
    // Their text is gone from the database too, earlier revisions included.
    const stored = await t.db.dataSource.query(`SELECT body_markdown, body_text FROM posts WHERE author_id = $1`, [fan.id]);
    expect(stored).toEqual([{ body_markdown: '', body_text: '' }, { body_markdown: '', body_text: '' }]);
    const [revisions] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM post_revisions WHERE post_id = $1`, [fanReply.id]);
    expect(revisions.n).toBe(0);
    const [erased] = await t.db.dataSource.query(`SELECT data FROM activity WHERE type = 'account.erased' AND actor_id = $1`, [fan.id]);
    expect(erased.data).toEqual({ communities: 1, postsRemovedIn: 1 });
  });

  it('changes nothing when the erasure fails half-way (one transaction)', async () => {
    const c = await createCommunity(t);
    const { fan, thread, externalId } = await activeFan(c, 'りん');
    await t.db.dataSource.query(`CREATE FUNCTION privacy_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'provoked failure'; END $$`);
    await t.db.dataSource.query(`CREATE TRIGGER privacy_test_refuse BEFORE UPDATE ON crm_contacts FOR EACH ROW WHEN (NEW.erased_at IS NOT NULL) EXECUTE FUNCTION privacy_test_refuse()`);
    try {
      await erase(fan).expect(500);
    } finally {
      await t.db.dataSource.query(`DROP TRIGGER privacy_test_refuse ON crm_contacts`);
      await t.db.dataSource.query(`DROP FUNCTION privacy_test_refuse()`);
    }
    await t.http().get('/api/v1/me').set(bearer(fan.token)).expect(200);
    await t.http().post('/api/v1/auth/login').send({ email: fan.email, password: fan.password }).expect(200);
    const page = (await t.http().get(`/api/v1/threads/${thread.id}`).expect(200)).body;
    expect(page.author).toMatchObject({ id: fan.id, displayName: fan.displayName });
    const [membership] = await t.db.dataSource.query(`SELECT erased_at FROM memberships WHERE user_id = $1`, [fan.id]);
    expect(membership.erased_at).toBeNull();
    const [contact] = await t.db.dataSource.query(`SELECT linked_user_id, email FROM crm_contacts WHERE external_id = $1`, [externalId]);
    expect(contact).toEqual({ linked_user_id: fan.id, email: fan.email });
    const [n] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE type = 'account.erased' AND actor_id = $1`, [fan.id]);
    expect(n.n).toBe(0);
    // It works once the fault is gone.
    await erase(fan).expect(204);
  });

  it('lets an owner or manager carry out an erasure request for a customer record, audited; the linked member is unlinked, not erased', async () => {
    const c = await createCommunity(t);
    const manager = await c.member('manager');
    const fan = await c.member(undefined, 'みお');
    await verify(fan);
    await importFile(c, 'contacts', `Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Accepts SMS Marketing\nE-1,みお,田中,${fan.email},yes,no\nE-2,そら,高橋,sora@example.com,no,no\n`);
    await importFile(c, 'orders', `Order ID,Customer ID,Order Date,Total\nEO-1,E-1,2026-03-01,1200\n`);
    const contact = await contactOf(c, 'E-1');
    const path = `/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/erasure`;

    const res = await t.http().post(path).set(bearer(manager.token)).expect(201);
    expect(res.body).toMatchObject({ id: contact.id, email: null, familyName: '', givenName: '', linkedUserId: null, erasedAt: expect.any(String) });
    await t.http().post(path).set(bearer(manager.token)).expect(409);
    const detail = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}`).set(bearer(c.owner.token)).expect(200)).body;
    expect(detail.totals).toEqual([expect.objectContaining({ orders: 1, spend: 1200 })]);
    expect((await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).query({ q: 'みお' }).set(bearer(c.owner.token)).expect(200)).body.items).toEqual([]);
    // The member's account is theirs: still signed in, and a manager cannot link the erased record again.
    await t.http().get('/api/v1/me').set(bearer(fan.token)).expect(200);
    expect((await t.http().put(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/link`).set(bearer(manager.token)).send({ userId: fan.id }).expect(409)).body.code).toBe('CONTACT_ERASED');

    const audit = (await t.http().get(`/api/v1/communities/${c.slug}/audit`).query({ type: 'contact.erased' }).set(bearer(c.owner.token)).expect(200)).body.items;
    expect(audit).toEqual([expect.objectContaining({ actor: { id: manager.id, displayName: manager.displayName }, subject: { type: 'contact', id: contact.id }, data: { by: 'staff', unlinked: true } })]);
    expect(JSON.stringify(audit)).not.toContain(fan.email);
  });

  it('keeps erasure to owners and managers and consent history to CRM readers; other communities’ records are 404', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    await importFile(c, 'contacts', 'Customer ID,Email\nP-1,p1@example.com\n');
    await importFile(other, 'contacts', 'Customer ID,Email\nQ-1,q1@example.com\n');
    const contact = await contactOf(c, 'P-1');
    const foreign = await contactOf(other, 'Q-1');
    const erasure = (id: string) => `/api/v1/communities/${c.slug}/crm/contacts/${id}/erasure`;
    const history = (id: string) => `/api/v1/communities/${c.slug}/crm/contacts/${id}/consent-history`;
    const analyst = await c.member('analyst');
    const moderator = await c.member('moderator');
    const member = await c.member();

    await t.http().post(erasure(contact.id)).expect(401);
    for (const who of [analyst, moderator, member]) await t.http().post(erasure(contact.id)).set(bearer(who.token)).expect(403);
    await t.http().post(erasure(contact.id)).set(bearer(other.owner.token)).expect(403);
    await t.http().post(erasure(foreign.id)).set(bearer(c.owner.token)).expect(404);
    await t.http().post(erasure('not-an-id')).set(bearer(c.owner.token)).expect(404);
    await t.http().post(erasure('00000000-0000-4000-8000-000000000000')).set(bearer(c.owner.token)).expect(404);

    await t.http().get(history(contact.id)).expect(401);
    for (const who of [moderator, member]) await t.http().get(history(contact.id)).set(bearer(who.token)).expect(403);
    await t.http().get(history(contact.id)).set(bearer(analyst.token)).expect(200);
    await t.http().get(history(foreign.id)).set(bearer(c.owner.token)).expect(404);
    const [untouched] = await t.db.dataSource.query(`SELECT email, erased_at FROM crm_contacts WHERE id = $1`, [foreign.id]);
    expect(untouched).toEqual({ email: 'q1@example.com', erased_at: null });
  });

  it('shows every consent change of a record, newest first', async () => {
    const c = await createCommunity(t);
    await importFile(c, 'contacts', 'Customer ID,Email,Accepts Email Marketing,Accepts SMS Marketing\nH-1,h1@example.com,yes,yes\n');
    await importFile(c, 'contacts', 'Customer ID,Email,Accepts Email Marketing,Accepts SMS Marketing\nH-1,h1@example.com,no,yes\n');
    const contact = await contactOf(c, 'H-1');
    const res = await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/consent-history`).set(bearer(c.owner.token)).expect(200);
    expect(res.body[0]).toEqual({ channel: 'email', granted: false, source: 'import:contacts.csv', at: expect.any(String) });
    expect(res.body.slice(1).map((e: { channel: string; granted: boolean }) => [e.channel, e.granted]).sort()).toEqual([['email', true], ['sms', true]]);
    const times = res.body.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
