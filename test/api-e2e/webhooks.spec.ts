import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDeliveryService } from '../../apps/api/src/webhooks/webhook-delivery.service';
import { createCommunity } from '../support/community';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

type Community = Awaited<ReturnType<typeof createCommunity>>;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; occurredAt: string; community: { id: string; slug: string }; data: Record<string, any> };
}

/** A local endpoint that records each request; a path answers with the statuses queued for it (200 once they run out). */
class Receiver {
  readonly requests: Received[] = [];
  private readonly answers = new Map<string, number[]>();
  private readonly hanging = new Set<string>();
  private server!: Server;
  private base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        this.requests.push({ path, headers: req.headers, raw, body: JSON.parse(raw) });
        if (this.hanging.has(path)) return;
        const status = this.answers.get(path)?.shift() ?? 200;
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'thanks' : `boom ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A fresh endpoint URL; `answers` are its next statuses. */
  url(name: string, ...answers: number[]): string {
    this.answers.set(`/${name}`, answers);
    return `${this.base}/${name}`;
  }

  hang(name: string): string {
    this.hanging.add(`/${name}`);
    return `${this.base}/${name}`;
  }

  at(name: string): Received[] {
    return this.requests.filter((r) => r.path === `/${name}`);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiving system does with the signature header (see webhook-signature.ts). */
function verify(secret: string, request: Received): boolean {
  const header = String(request.headers['x-kizuna-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.raw}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

describe('webhooks: signed events to the brand', () => {
  let t: TestApp;
  let receiver: Receiver;
  let sender: WebhookDeliveryService;
  beforeAll(async () => {
    t = await createTestApp();
    sender = t.app.get(WebhookDeliveryService);
    receiver = new Receiver();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  const hooks = (c: Community) => `/api/v1/communities/${c.slug}/webhooks`;
  const register = async (c: Community, body: Record<string, unknown>) =>
    (await t.http().post(hooks(c)).set(bearer(c.owner.token)).send(body).expect(201)).body as { id: string; secret: string; url: string; events: string[]; active: boolean };
  const log = async (c: Community, webhookId: string) => (await t.http().get(`${hooks(c)}/${webhookId}/deliveries`).set(bearer(c.owner.token)).expect(200)).body;
  const manualBadge = async (c: Community, key: string) =>
    (await t.http().post(`/api/v1/communities/${c.slug}/badges`).set(bearer(c.owner.token)).send({ key, name: { ja: '常連', en: 'Regular' }, icon: '⭐', tier: 'gold' }).expect(201)).body as { id: string };
  const award = (c: Community, badgeId: string, userId: string) =>
    t.http().post(`/api/v1/communities/${c.slug}/badges/${badgeId}/awards`).set(bearer(c.owner.token)).send({ userId, reason: 'いつもありがとう' }).expect(201);
  /** Lets the backoff pass: sends what would be due that far ahead. */
  const later = (seconds: number) => sender.drain(new Date(Date.now() + seconds * 1000));

  it('shows the secret once, delivers an awarded badge once, signed, with ids only — the linked customer by the brand’s own id', async () => {
    const c = await createCommunity(t);
    const fan = await c.member(undefined, '山田さくら');
    const created = await register(c, { url: receiver.url('crm'), events: ['badge.awarded', 'contact.linked'], description: 'Our CRM' });
    expect(created).toMatchObject({ url: receiver.url('crm'), events: ['badge.awarded', 'contact.linked'], description: 'Our CRM', active: true });
    expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
    const listed = await t.http().get(hooks(c)).set(bearer(c.owner.token)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: created.id, url: created.url })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(listed.body[0]).not.toHaveProperty('secret');

    // The brand's customer record C-900 is linked to the fan.
    await t.http().post(`/api/v1/communities/${c.slug}/crm/contacts/import`).set(bearer(c.owner.token))
      .attach('file', Buffer.from('external_id,email,family_name,given_name\nC-900,sakura@example.com,山田,さくら\n'), 'contacts.csv').expect(202);
    await t.drainOutbox();
    const [contact] = (await t.http().get(`/api/v1/communities/${c.slug}/crm/contacts`).set(bearer(c.owner.token)).expect(200)).body.items;
    await t.http().put(`/api/v1/communities/${c.slug}/crm/contacts/${contact.id}/link`).set(bearer(c.owner.token)).send({ userId: fan.id }).expect(204);
    const badge = await manualBadge(c, 'regular');
    await award(c, badge.id, fan.id);
    await t.drainOutbox();

    // Deliveries are not ordered; occurredAt is.
    const received = receiver.at('crm').sort((a, b) => Date.parse(a.body.occurredAt) - Date.parse(b.body.occurredAt));
    expect(received.map((r) => r.body.type)).toEqual(['contact.linked', 'badge.awarded']);
    for (const request of received) {
      expect(verify(created.secret, request)).toBe(true);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-kizuna-event']).toBe(request.body.type);
      expect(request.headers['x-kizuna-delivery']).toBe(request.body.id);
      expect(request.headers['x-kizuna-signature']).toMatch(new RegExp(`^t=${request.headers['x-kizuna-timestamp']},v1=[0-9a-f]{64}$`));
      expect(request.body.community).toEqual({ id: expect.any(String), slug: c.slug });
      // Nothing personal the brand's CRM does not already hold: no names, no email.
      for (const personal of ['山田', 'さくら', 'sakura@example.com', fan.email, fan.displayName, 'いつもありがとう']) expect(request.raw).not.toContain(personal);
    }
    expect(received[0].body.data).toEqual({ contact: { id: contact.id, externalId: 'C-900' }, member: { id: fan.id }, method: 'manual' });
    expect(received[1].body.data).toEqual({
      badge: { id: badge.id, key: 'regular', name: { ja: '常連', en: 'Regular' }, tier: 'gold' },
      member: { id: fan.id, contact: { id: contact.id, externalId: 'C-900' } },
      manual: true,
    });
    expect(Date.parse(received[1].body.occurredAt)).not.toBeNaN();

    // A redelivered outbox row queues nothing twice.
    await t.db.dataSource.query(
      `UPDATE outbox SET processed_at = NULL, done_consumers = array_remove(done_consumers, 'webhooks') WHERE activity_id IN (SELECT activity_id FROM webhook_deliveries WHERE webhook_id = $1)`,
      [created.id],
    );
    await t.drainOutbox();
    await later(3600);
    expect(receiver.at('crm')).toHaveLength(2);
    const deliveries = await log(c, created.id);
    expect(deliveries.items.map((d: { eventType: string; status: string; lastStatusCode: number }) => [d.eventType, d.status, d.lastStatusCode])).toEqual([
      ['badge.awarded', 'succeeded', 200],
      ['contact.linked', 'succeeded', 200],
    ]);
    expect(deliveries.items[0]).toMatchObject({ attempts: 1, responseExcerpt: 'thanks', nextAttemptAt: null, replayOf: null, payload: received[1].body });

    // A rotated secret signs from then on; the old one no longer verifies.
    const rotated = await t.http().post(`${hooks(c)}/${created.id}/rotate-secret`).set(bearer(c.owner.token)).expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    await award(c, (await manualBadge(c, 'second')).id, fan.id);
    await t.drainOutbox();
    const last = receiver.at('crm').at(-1)!;
    expect(verify(rotated.body.secret, last)).toBe(true);
    expect(verify(created.secret, last)).toBe(false);
    const history = await t.db.dataSource.query(`SELECT type FROM activity WHERE subject_id = $1 ORDER BY id`, [created.id]);
    expect(history.map((h: { type: string }) => h.type)).toEqual(['webhook.created', 'webhook.secret_rotated']);
  });

  it('retries a failing endpoint with backoff, logs each try with its status, and replays on request', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    const webhook = await register(c, { url: receiver.url('flaky', 500), events: ['badge.awarded'] });
    await award(c, (await manualBadge(c, 'regular')).id, fan.id);
    await t.drainOutbox();
    expect(receiver.at('flaky')).toHaveLength(1);
    let [delivery] = (await log(c, webhook.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500', responseExcerpt: 'boom 500' });
    const wait = (Date.parse(delivery.nextAttemptAt) - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(20);
    expect(wait).toBeLessThan(40);
    // Not due yet: nothing is sent.
    await t.drainOutbox();
    expect(receiver.at('flaky')).toHaveLength(1);

    await later(60);
    const tries = receiver.at('flaky');
    expect(tries).toHaveLength(2);
    expect(tries[1].raw).toBe(tries[0].raw);
    expect(tries[1].headers['x-kizuna-delivery']).toBe(delivery.id);
    [delivery] = (await log(c, webhook.id)).items;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(delivery.attemptLog.map((a: { attempt: number; statusCode: number; error: string | null }) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ]);

    const replay = await t.http().post(`${hooks(c)}/${webhook.id}/deliveries/${delivery.id}/replay`).set(bearer(c.owner.token)).expect(201);
    expect(replay.body).toMatchObject({ status: 'pending', attempts: 0, replayOf: delivery.id, eventType: 'badge.awarded', payload: delivery.payload });
    expect(replay.body.id).not.toBe(delivery.id);
    await t.drainOutbox();
    const replayed = receiver.at('flaky');
    expect(replayed).toHaveLength(3);
    // The same body (its id lets the receiver de-duplicate); the delivery header names the replay.
    expect(replayed[2].body).toEqual(replayed[0].body);
    expect(replayed[2].headers['x-kizuna-delivery']).toBe(replay.body.id);
    const items = (await log(c, webhook.id)).items;
    expect(items.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      [replay.body.id, 'succeeded'],
      [delivery.id, 'succeeded'],
    ]);
    // The log pages, newest first.
    const first = await t.http().get(`${hooks(c)}/${webhook.id}/deliveries`).query({ limit: 1 }).set(bearer(c.owner.token)).expect(200);
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([replay.body.id]);
    const second = await t.http().get(`${hooks(c)}/${webhook.id}/deliveries`).query({ limit: 1, cursor: first.body.nextCursor }).set(bearer(c.owner.token)).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: delivery.id })], nextCursor: null });
    await t.http().get(`${hooks(c)}/${webhook.id}/deliveries`).query({ cursor: 'garbage' }).set(bearer(c.owner.token)).expect(400);
  });

  it('gives up after eight tries, and counts a timeout as a failed try', async () => {
    const c = await createCommunity(t);
    const fan = await c.member();
    // Registered after the fan joined: only what happens from now on is sent.
    const webhook = await register(c, { url: receiver.url('down', ...Array(20).fill(503)), events: ['member.joined'] });
    const joiner = await c.member();
    await t.drainOutbox();
    for (let day = 1; day <= 10; day += 1) await later(day * 3 * 86400);
    const [dead] = (await log(c, webhook.id)).items;
    expect(dead).toMatchObject({ status: 'dead', attempts: 8, lastStatusCode: 503, nextAttemptAt: null });
    expect(dead.attemptLog).toHaveLength(8);
    expect(receiver.at('down')).toHaveLength(8);
    // Replaying a dead delivery starts afresh.
    await t.http().patch(`${hooks(c)}/${webhook.id}`).set(bearer(c.owner.token)).send({ url: receiver.url('up') }).expect(200);
    await t.http().post(`${hooks(c)}/${webhook.id}/deliveries/${dead.id}/replay`).set(bearer(c.owner.token)).expect(201);
    await t.drainOutbox();
    expect(receiver.at('up').map((r) => r.body.data.member.id)).toEqual([joiner.id]);

    sender.configure({ timeoutMs: 300 });
    const slow = await register(c, { url: receiver.hang('slow'), events: ['badge.awarded'] });
    try {
      await award(c, (await manualBadge(c, 'patience')).id, fan.id);
      await t.drainOutbox();
      const [timedOut] = (await log(c, slow.id)).items;
      expect(timedOut).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null, lastError: 'timed out after 0.3 s' });
    } finally {
      sender.configure({ timeoutMs: 10_000 });
      await t.http().delete(`${hooks(c)}/${slow.id}`).set(bearer(c.owner.token)).expect(204);
    }
  });

  it('sends nothing to inactive endpoints, nor events an endpoint did not subscribe to, nor other communities’ events', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const paused = await register(c, { url: receiver.url('paused'), events: ['badge.awarded', 'member.joined'], active: false });
    const joinsOnly = await register(c, { url: receiver.url('joins'), events: ['member.joined'] });
    const fan = await c.member();
    await award(c, (await manualBadge(c, 'regular')).id, fan.id);
    await other.member();
    await award(other, (await manualBadge(other, 'regular')).id, other.owner.id);
    await t.drainOutbox();
    expect(receiver.at('paused')).toEqual([]);
    expect((await log(c, paused.id)).items).toEqual([]);
    expect(receiver.at('joins').map((r) => [r.body.type, r.body.data])).toEqual([['member.joined', { member: { id: fan.id, contact: null }, role: 'member' }]]);

    // Paused, then resumed: events of the pause are not sent afterwards; new ones are.
    await t.http().patch(`${hooks(c)}/${paused.id}`).set(bearer(c.owner.token)).send({ active: true, events: ['member.joined'] }).expect(200);
    const late = await c.member();
    await t.drainOutbox();
    expect(receiver.at('paused').map((r) => r.body.data.member.id)).toEqual([late.id]);

    // A deleted endpoint is sent nothing and its log is gone.
    await t.http().delete(`${hooks(c)}/${joinsOnly.id}`).set(bearer(c.owner.token)).expect(204);
    await c.member();
    await t.drainOutbox();
    expect(receiver.at('joins')).toHaveLength(2);
    await t.http().get(`${hooks(c)}/${joinsOnly.id}/deliveries`).set(bearer(c.owner.token)).expect(404);
    await t.http().delete(`${hooks(c)}/${joinsOnly.id}`).set(bearer(c.owner.token)).expect(404);
  });

  it('lets owners and managers manage endpoints, analysts read them, and nobody else (404 across communities)', async () => {
    const c = await createCommunity(t);
    const other = await createCommunity(t);
    const webhook = await register(c, { url: receiver.url('perm'), events: ['member.joined'] });
    const member = await c.member();
    const analyst = await c.member('analyst');
    const manager = await c.member('manager');
    await t.drainOutbox();
    const [delivery] = (await log(c, webhook.id)).items;
    const base = `${hooks(c)}/${webhook.id}`;
    const writes = (token: string) => [
      t.http().post(hooks(c)).set(bearer(token)).send({ url: receiver.url('x'), events: ['member.joined'] }),
      t.http().patch(base).set(bearer(token)).send({ active: false }),
      t.http().post(`${base}/rotate-secret`).set(bearer(token)),
      t.http().post(`${base}/deliveries/${delivery.id}/replay`).set(bearer(token)),
      t.http().delete(base).set(bearer(token)),
    ];
    for (const token of [member.token, analyst.token]) for (const res of await Promise.all(writes(token))) expect(res.status).toBe(403);
    await t.http().get(hooks(c)).set(bearer(member.token)).expect(403);
    await t.http().get(`${base}/deliveries`).set(bearer(member.token)).expect(403);
    expect((await t.http().get(hooks(c)).set(bearer(analyst.token)).expect(200)).body).toHaveLength(1);
    expect((await t.http().get(`${base}/deliveries`).set(bearer(analyst.token)).expect(200)).body.items).toHaveLength(3);
    await t.http().get(hooks(c)).expect(401);
    // The other community's owner: not a member here (403), and the id is unknown in their own community (404).
    await t.http().get(hooks(c)).set(bearer(other.owner.token)).expect(403);
    const theirs = `${hooks(other)}/${webhook.id}`;
    await t.http().patch(theirs).set(bearer(other.owner.token)).send({ active: false }).expect(404);
    await t.http().get(`${theirs}/deliveries`).set(bearer(other.owner.token)).expect(404);
    await t.http().post(`${theirs}/rotate-secret`).set(bearer(other.owner.token)).expect(404);
    await t.http().post(`${theirs}/deliveries/${delivery.id}/replay`).set(bearer(other.owner.token)).expect(404);
    await t.http().delete(theirs).set(bearer(other.owner.token)).expect(404);
    await t.http().patch(`${hooks(c)}/not-a-uuid`).set(bearer(c.owner.token)).send({ active: false }).expect(404);
    await t.http().post(`${base}/deliveries/00000000-0000-4000-8000-000000000000/replay`).set(bearer(c.owner.token)).expect(404);
    // A manager may do it all.
    const made = await t.http().post(hooks(c)).set(bearer(manager.token)).send({ url: receiver.url('mgr'), events: ['perk.redeemed', 'segment.entered'] }).expect(201);
    await t.http().patch(`${hooks(c)}/${made.body.id}`).set(bearer(manager.token)).send({ description: '販促ツール' }).expect(200);
    await t.http().delete(`${hooks(c)}/${made.body.id}`).set(bearer(manager.token)).expect(204);
    expect((await t.http().get(hooks(c)).set(bearer(c.owner.token)).expect(200)).body.map((w: { id: string }) => w.id)).toEqual([webhook.id]);
  });

  it.each([
    ['no url', { events: ['badge.awarded'] }, 'url'],
    ['an ftp url', { url: 'ftp://crm.example.com/hook', events: ['badge.awarded'] }, 'url'],
    ['plain http to another host', { url: 'http://crm.example.com/hook', events: ['badge.awarded'] }, 'url'],
    ['events as a string', { url: 'https://crm.example.com/hook', events: 'badge.awarded' }, 'events'],
    ['an unknown event', { url: 'https://crm.example.com/hook', events: ['badge.awarded', 'post.created'] }, 'events'],
    ['no events', { url: 'https://crm.example.com/hook', events: [] }, 'events'],
    ['a non-boolean active', { url: 'https://crm.example.com/hook', events: ['badge.awarded'], active: 'yes' }, 'active'],
    ['an unknown field', { url: 'https://crm.example.com/hook', events: ['badge.awarded'], secret: 'mine' }, 'secret'],
  ])('400 for a webhook with %s, naming the field', async (_name, body, field) => {
    const c = await createCommunity(t);
    const res = await t.http().post(hooks(c)).set(bearer(c.owner.token)).send(body).expect(400);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
    expect((await t.http().get(hooks(c)).set(bearer(c.owner.token)).expect(200)).body).toEqual([]);
  });

  it('400 for a bad change, naming the field, and the endpoint is unchanged', async () => {
    const c = await createCommunity(t);
    const webhook = await register(c, { url: 'https://crm.example.com/hook', events: ['order.placed'] });
    for (const [body, field] of [[{ url: 'http://crm.example.com/hook' }, 'url'], [{ events: ['nope'] }, 'events'], [{ description: 'x'.repeat(201) }, 'description']] as const) {
      const res = await t.http().patch(`${hooks(c)}/${webhook.id}`).set(bearer(c.owner.token)).send(body).expect(400);
      expect(Object.keys(res.body.fields ?? {})).toContain(field);
    }
    expect((await t.http().get(hooks(c)).set(bearer(c.owner.token)).expect(200)).body).toEqual([
      expect.objectContaining({ url: 'https://crm.example.com/hook', events: ['order.placed'], description: '' }),
    ]);
  });
});
