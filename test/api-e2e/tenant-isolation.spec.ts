import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../../apps/api/src/app';
import { reply, startThread } from '../support/community';
import { LITERAL_PARAMS, fill, requiredQuery, routeName, routesOf, validBody, type Route } from '../support/payloads';
import { closeAll, collect, connect, next, request } from '../support/sockets';
import { bearer, createTestApp, type TestApp } from '../support/test-app';
import { createTenant, type Tenant } from '../support/two-tenants';

/**
 * Routes anyone may read, signed in or not (communities, their boards and threads are public; the
 * leaderboard and member profiles are shown on public pages). Asked by a stranger they must answer
 * exactly what they answer an anonymous caller — nothing more because the caller holds a role elsewhere.
 * Joining another community is the point of `join`.
 */
const PUBLIC: Record<string, string> = {
  'GET /api/v1/communities/{slug}': 'the community page is public',
  'GET /api/v1/communities/{slug}/boards': 'the board list is public',
  'GET /api/v1/boards/{boardId}/threads': 'threads are public reading',
  'GET /api/v1/threads/{threadId}': 'threads are public reading',
  'GET /api/v1/threads/{threadId}/posts': 'threads are public reading',
  'GET /api/v1/posts/{postId}/revisions': 'a public post’s edit history is public',
  'GET /api/v1/communities/{slug}/search': 'searching public threads',
  'GET /api/v1/communities/{slug}/badges': 'the badge gallery is public',
  'GET /api/v1/communities/{slug}/members/{userId}': 'member profiles are public pages',
  'GET /api/v1/communities/{slug}/leaderboard': 'the leaderboard is public',
  'GET /api/v1/communities/{slug}/recognition/settings': 'the points table and rank ladder are shown to visitors',
};

/** Routes whose purpose is reaching into another community: not called across tenants (it would make A's people B's members). */
const CROSSING: Record<string, string> = {
  'POST /api/v1/communities/{slug}/join': 'joining is how anyone becomes a member; membership rules are tested in communities.spec',
};

const ROLES = ['member', 'manager', 'analyst'] as const;

describe('tenant isolation: no route or room lets one community reach another', () => {
  let t: TestApp;
  let url: string;
  let a: Tenant;
  let b: Tenant;
  let routes: Route[];
  const stats = { routes: 0, calls: 0, rooms: 0 };
  beforeAll(async () => {
    t = await createTestApp();
    url = await t.listen();
    [a, b] = [await createTenant(t, 'A'), await createTenant(t, 'B')];
    routes = routesOf(openApiDocument(t.app));
  }, 120_000);
  afterEach(() => closeAll());
  afterAll(async () => {
    const line = `tenant isolation: ${stats.routes} routes with an id covered, ${stats.calls} cross-tenant calls made, ${stats.rooms} room subscriptions refused`;
    process.stdout.write(`${line}\n`);
    writeFileSync('/tmp/kizuna-tenant-isolation.txt', `${line}\n`);
    await t?.close();
  });

  it('has a fixture for every path parameter of every route (a new route with an id must be mapped here)', () => {
    const unmapped = routes.flatMap((r) => r.pathParams.filter((p) => !(p in a.ids) && !(p in LITERAL_PARAMS)).map((p) => `${routeName(r)}: {${p}}`));
    expect(unmapped).toEqual([]);
    for (const name of [...Object.keys(PUBLIC), ...Object.keys(CROSSING)]) expect(routes.map(routeName)).toContain(name);
  });

  /** What a stranger to `b` may not see: its marker, its people's emails, its ids not named in the request. */
  const leaks = (text: string, sent: string): string[] =>
    [b.marker, ...[b.owner, b.manager, b.moderator, b.analyst, b.member].map((p) => p.email), ...Object.values(b.ids)].filter((secret) => text.includes(secret) && !sent.includes(secret));

  it('refuses members, managers and analysts of A every route with B’s objects: 403/404, never 2xx or 5xx, and nothing of B in the answer', async () => {
    const failures: string[] = [];
    const idRoutes = routes.filter((r) => r.pathParams.some((p) => !(p in LITERAL_PARAMS)) && !CROSSING[routeName(r)]);
    for (const route of idRoutes) {
      stats.routes += 1;
      const objectParams = route.pathParams.filter((p) => !(p in LITERAL_PARAMS));
      // B's objects throughout; A's community with B's objects; A's path with B's ids in the body.
      const variants: Array<{ name: string; path: Record<string, string>; body?: Tenant; allowed: number[] }> = [
        { name: 'B', path: { ...LITERAL_PARAMS, ...b.ids }, body: b, allowed: [403, 404] },
      ];
      if (objectParams.includes('slug') && objectParams.length > 1) variants.push({ name: 'A slug, B ids', path: { ...LITERAL_PARAMS, ...b.ids, slug: a.slug }, body: b, allowed: [403, 404] });
      const bodyIds = route.body && route.body !== 'multipart' ? JSON.stringify(validBody(route.body, b)) : '';
      const usesIds = Object.values(b.ids).some((id) => bodyIds.includes(id));
      if (usesIds) variants.push({ name: 'A path, B ids in body', path: { ...LITERAL_PARAMS, ...a.ids }, body: b, allowed: [400, 403, 404, 409] });
      for (const variant of variants) {
        for (const role of ROLES) {
          const caller = a[role];
          const target = fill(route.path, variant.path);
          const body = route.body && route.body !== 'multipart' ? validBody(route.body, variant.body!) : undefined;
          let req = t.http()[route.method](target).set(bearer(caller.token)).query(requiredQuery(route, a));
          if (route.body === 'multipart') req = req.attach('file', Buffer.from(`Customer ID,Email\nX-1,x1@example.com\n`), 'x.csv');
          else if (body) req = req.send(body);
          const res = await req;
          stats.calls += 1;
          const where = `${routeName(route)} [${variant.name}] as A's ${role}`;
          const publicRoute = PUBLIC[routeName(route)] !== undefined && variant.name === 'B';
          if (publicRoute) {
            const anonymous = await t.http()[route.method](target).query(requiredQuery(route, a)).send(body);
            if (res.status !== anonymous.status) failures.push(`${where}: ${res.status}, anonymous ${anonymous.status}`);
            continue;
          }
          if (!variant.allowed.includes(res.status)) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          const leaked = leaks(res.text ?? '', `${target} ${JSON.stringify(body ?? {})}`);
          if (leaked.length) failures.push(`${where}: answer contains ${leaked.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(stats.routes).toBeGreaterThan(50);
  }, 300_000);

  it('refuses A’s people B’s rooms and delivers them none of B’s live events', async () => {
    const eventNames = ['thread.created', 'post.created', 'post.updated', 'reaction.updated', 'badge.awarded', 'presence', 'typing', 'notification'] as const;
    const bRooms = [`community:${b.slug}`, `board:${b.ids.boardId}`, `thread:${b.ids.threadId}`];
    const seen: unknown[][] = [];
    const sockets = [];
    for (const role of ROLES) {
      const socket = await connect(url, a[role].token);
      sockets.push(socket);
      const mine = eventNames.map((name) => collect(socket, name));
      seen.push(mine);
      for (const room of bRooms) {
        const ack = await request(socket, 'subscribe', { room });
        stats.rooms += 1;
        expect(ack.ok).toBe(false);
      }
      expect((await request(socket, 'typing', { threadId: b.ids.threadId })).ok).toBe(false);
      // Their own community's thread works: the control that events do flow to these sockets.
      expect(await request(socket, 'subscribe', { room: `thread:${a.ids.threadId}` })).toEqual({ ok: true });
    }
    // B is busy: a thread, replies, an edit, a reaction, a badge.
    const bThread = await startThread(t, b.ids.boardId, b.member, `${b.marker} live thread`, `${b.marker} live`);
    const bReply = await reply(t, b.ids.threadId, b.member, `${b.marker} live reply @${b.moderator.displayName}`);
    await t.http().patch(`/api/v1/posts/${bReply.id}`).set(bearer(b.member.token)).send({ body: `${b.marker} edited` }).expect(200);
    await t.http().put(`/api/v1/posts/${bReply.id}/reactions/${encodeURIComponent('👍')}`).set(bearer(b.moderator.token)).expect(200);
    await t.http().post(`/api/v1/communities/${b.slug}/badges/${b.ids.badgeId}/awards`).set(bearer(b.owner.token)).send({ userId: b.moderator.id, reason: `${b.marker} live award` }).expect(201);
    const control = next(sockets[0], 'post.created', (e) => e.threadId === a.ids.threadId);
    await reply(t, a.ids.threadId, a.member, 'A の返信');
    await t.drainOutbox();
    await control;
    await new Promise((r) => setTimeout(r, 300));
    const text = JSON.stringify(seen);
    for (const secret of [b.marker, b.ids.threadId, bThread.id, bReply.id, b.ids.boardId, b.slug]) expect(text).not.toContain(secret);
  });
});
