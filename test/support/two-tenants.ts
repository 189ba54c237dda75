import { ageMembership, createCommunity, reply, startThread, type Account } from './community';
import { bearer, type TestApp } from './test-app';

/**
 * A community with people in every role and real objects of every kind, made through the API:
 * board, thread, posts, reaction, flag, badge + award, perk + codes, contacts and orders imports,
 * a link conflict, a segment, a webhook with a delivery, a notification. `ids` names each object by
 * the path parameter that addresses it, so route templates can be filled from it.
 */
export interface Tenant {
  slug: string;
  /** Marks every text this tenant wrote (names, titles, bodies): a response to another tenant must not contain it. */
  marker: string;
  owner: Account;
  manager: Account;
  moderator: Account;
  analyst: Account;
  member: Account;
  /** Path parameter name → this tenant's value. */
  ids: Record<string, string>;
  /** Current settings documents (valid PUT bodies). */
  settings: { recognition: Record<string, unknown>; analytics: Record<string, unknown> };
}

/** A closed loopback port: deliveries fail at once (connection refused), leaving a delivery row. */
const DEAD_ENDPOINT = 'http://127.0.0.1:9/hook';

export async function createTenant(t: TestApp, label: string): Promise<Tenant> {
  const marker = `${label}-${Math.random().toString(36).slice(2, 10)}`;
  const c = await createCommunity(t);
  const owner = c.owner;
  const api = (token = owner.token) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body?: object) => t.http().post(`/api/v1${path}`).set(bearer(token)).send(body),
    put: (path: string, body?: object) => t.http().put(`/api/v1${path}`).set(bearer(token)).send(body),
  });
  const base = `/communities/${c.slug}`;
  const manager = await c.member('manager', `${marker}-manager`);
  const moderator = await c.member('moderator', `${marker}-moderator`);
  const analyst = await c.member('analyst', `${marker}-analyst`);
  const member = await c.member(undefined, `${marker}-member`);
  for (const who of [manager, moderator, analyst, member]) await ageMembership(t, c.slug, who.id);

  const thread = await startThread(t, c.boardId, member, `${marker} thread`, `${marker} first post`);
  const post = await reply(t, thread.id, moderator, `${marker} reply`);
  await api(member.token).put(`/posts/${post.id}/reactions/${encodeURIComponent('👍')}`).expect(200);
  await api(analyst.token).post(`/posts/${post.id}/flags`, { reason: 'spam', note: `${marker} flag` }).expect(201);

  const badge = (await api().post(`${base}/badges`, { key: `vip-${label.toLowerCase()}`, name: { ja: `${marker} 賞`, en: `${marker} badge` }, icon: '💎', tier: 'gold' }).expect(201)).body;
  await api().post(`${base}/badges/${badge.id}/awards`, { userId: member.id, reason: `${marker} award` }).expect(201);
  const perk = (await api().post(`${base}/perks`, { name: { ja: `${marker} 特典`, en: `${marker} perk` }, kind: 'coupon', unlock: { badgeId: badge.id } }).expect(201)).body;
  await api().post(`${base}/perks/${perk.id}/codes`, { codes: [`${marker}-CODE-1`, `${marker}-CODE-2`] }).expect(201);
  await api(member.token).post(`${base}/perks/${perk.id}/redeem`).expect(201);

  const hook = (await api().post(`${base}/webhooks`, { url: DEAD_ENDPOINT, events: ['badge.awarded', 'contact.linked'], description: `${marker} hook` }).expect(201)).body;

  const upload = (kind: string, csv: string) =>
    t.http().post(`/api/v1${base}/crm/${kind}/import`).set(bearer(owner.token)).attach('file', Buffer.from(csv), `${marker}.csv`).expect(202);
  const contactsJob = (
    await upload('contacts', `Customer ID,Email,Family Name,Member Number,Birthday,Region\n${marker}-C1,${label.toLowerCase()}-c1@example.com,${marker},M-${label}-1,1990-04-01,東京都\n${marker}-C2,${label.toLowerCase()}-c2@example.com,${marker},,,東京都\n`)
  ).body;
  await t.drainOutbox();
  await upload('orders', `Order ID,Customer ID,Order Date,Total\n${marker}-O1,${marker}-C1,2026-03-01,4400\n`);
  await t.drainOutbox();
  await api().put(`${base}/crm/import-mappings/contacts`, { mapping: { [`${marker}-col`]: 'ignore' } }).expect(200);
  const contacts = (await api().get(`${base}/crm/contacts`).expect(200)).body.items as Array<{ id: string; externalId: string }>;
  const numbered = contacts.find((x) => x.externalId === `${marker}-C1`)!;
  // The member claims the numbered record; the moderator claims it too: a conflict for the manager to settle.
  await api(member.token).post(`${base}/me/customer-link`, { customerNumber: `M-${label}-1`, verifier: '1990-04-01' }).expect(201);
  await api(moderator.token).post(`${base}/me/customer-link`, { customerNumber: `M-${label}-1`, verifier: '1990-04-01' }).expect(409);
  const conflict = (await api().get(`${base}/crm/link-conflicts`).expect(200)).body[0];
  const segment = (await api().post(`${base}/segments`, { name: `${marker} segment`, rule: { match: 'all', conditions: [{ field: 'region', op: 'eq', value: '東京都' }] } }).expect(201)).body;
  await t.drainOutbox();
  const deliveries = (await api().get(`${base}/webhooks/${hook.id}/deliveries`).expect(200)).body.items as Array<{ id: string }>;
  if (!deliveries.length) throw new Error('no webhook delivery was recorded');

  const sessions = (await api(member.token).get('/me/sessions').expect(200)).body as Array<{ id: string }>;
  const recognition = (await api().get(`${base}/recognition/settings`).expect(200)).body;
  const analytics = (await api().get(`${base}/analytics/settings`).expect(200)).body;
  return {
    slug: c.slug,
    marker,
    owner,
    manager,
    moderator,
    analyst,
    member,
    ids: {
      slug: c.slug,
      userId: member.id,
      boardId: c.boardId,
      threadId: thread.id,
      postId: post.id,
      badgeId: badge.id,
      perkId: perk.id,
      importId: contactsJob.id,
      contactId: numbered.id,
      conflictId: conflict.id,
      segmentId: segment.id,
      webhookId: hook.id,
      deliveryId: deliveries[0].id,
      // DELETE /me/sessions/{id}: the member's own session.
      id: sessions[0].id,
    },
    settings: {
      recognition: { points: recognition.points, ranks: recognition.ranks },
      analytics: { weights: analytics.weights, tiers: analytics.tiers },
    },
  };
}
