import { writeFileSync } from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '../../apps/api/src/app';
import { FREE_TEXT, LITERAL_STRINGS, literalBodies, refusedBodies, refusedQueries, type Payload } from '../support/bad-payloads';
import { LITERAL_PARAMS, fill, queryValue, requiredQuery, routeName, routesOf, validBody, type Route } from '../support/payloads';
import { bearer, createTestApp, type TestApp } from '../support/test-app';
import { createTenant, type Tenant } from '../support/two-tenants';

/**
 * Tables a refused request may legitimately change. None so far: a refused request writes nothing.
 * (Add an entry only with the reason it must change, e.g. a log of failed attempts.)
 */
const MAY_CHANGE_ON_REFUSAL: Record<string, string> = {};

/** Requests that take longer than this count as hangs. */
const HANG_MS = 15_000;
/** Requests in flight at once within a route's batch (the snapshot brackets the whole batch). */
const PARALLEL = 8;

/** Runs `work` over `items`, `parallel` at a time. */
async function inParallel<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) await work(items[(next += 1) - 1]);
  }));
}

describe('bad input: every route refuses malformed requests with a 4xx and changes nothing', () => {
  let t: TestApp;
  let a: Tenant;
  let doc: OpenAPIObject;
  let routes: Route[];
  const stats = { routes: 0, refused: 0, literal: 0, literalAccepted: 0, pathParams: 0 };
  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, 'A');
    doc = openApiDocument(t.app);
    routes = routesOf(doc);
  }, 120_000);
  afterAll(async () => {
    const line = `bad input: ${stats.routes} routes, ${stats.refused} malformed payloads refused, ${stats.pathParams} malformed path parameters refused, ${stats.literal} literal strings tried (${stats.literalAccepted} stored as free text)`;
    process.stdout.write(`${line}\n`);
    writeFileSync('/tmp/kizuna-bad-input.txt', `${line}\n`);
    await t?.close();
  });

  /** Row count and a content hash of every table, in a stable order. */
  async function snapshot(): Promise<Map<string, string>> {
    const tables: Array<{ name: string }> = await t.db.dataSource.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const rows: Array<{ name: string; n: number; h: string }> = await t.db.dataSource.query(
      tables
        .filter(({ name }) => !(name in MAY_CHANGE_ON_REFUSAL))
        .map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`)
        .join(' UNION ALL '),
    );
    return new Map(rows.map((r) => [r.name, `${r.n}:${r.h}`]));
  }
  const changed = (before: Map<string, string>, after: Map<string, string>) => [...after].filter(([name, v]) => before.get(name) !== v).map(([name]) => name);

  const target = (route: Route) => fill(route.path, { ...LITERAL_PARAMS, ...a.ids });

  async function send(route: Route, path: string, payload: Payload | undefined, query = '') {
    let req = t.http()[route.method](query ? `${path}?${query}` : path).set(bearer(a.owner.token)).timeout(HANG_MS);
    if (payload && 'json' in payload) req = req.set('Content-Type', 'application/json').send(JSON.stringify(payload.json));
    else if (payload) {
      if (payload.contentType) req = req.set('Content-Type', payload.contentType);
      // As the bytes are: no serializer (superagent would JSON-encode a Buffer).
      req = req.serialize((raw: unknown) => raw as string).send(payload.raw as never);
    }
    try {
      const res = await req;
      return { status: res.status, body: res.body as Record<string, unknown>, text: res.text ?? '' };
    } catch (error) {
      return { status: 0, body: {}, text: `no answer: ${(error as Error).message}` };
    }
  }

  const problem = (where: string, res: { status: number; body: Record<string, unknown>; text: string }, wanted: string) =>
    `${where}: ${res.status} ${res.text.slice(0, 160)} (wanted ${wanted})`;

  it('knows a valid body for every JSON request schema and a valid value for every query parameter', () => {
    for (const route of routes) {
      if (route.body && route.body !== 'multipart') expect(() => validBody(route.body!, a)).not.toThrow();
      for (const q of route.query) expect(() => queryValue(q.name, a)).not.toThrow();
    }
  });

  it('refuses malformed bodies and query strings with a 4xx naming the problem, never a 5xx or a hang, and writes nothing', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const hasBody = route.body && route.body !== 'multipart';
      if (!hasBody && !route.query.length) continue;
      stats.routes += 1;
      const path = target(route);
      const validQuery = new URLSearchParams(requiredQuery(route, a)).toString();
      const before = await snapshot();
      const batch: Array<{ payload?: Payload; query: string; label: string }> = [];
      if (hasBody) for (const payload of refusedBodies(doc, route.body!, validBody(route.body!, a))) batch.push({ payload, query: validQuery, label: payload.label });
      const body = hasBody ? ({ label: 'valid', json: validBody(route.body!, a) } as Payload) : undefined;
      const validValues = Object.fromEntries(route.query.map((q) => [q.name, queryValue(q.name, a)]));
      for (const q of refusedQueries(route.query, validValues)) batch.push({ payload: body, query: q.query, label: `query ${q.label}` });
      await inParallel(batch, PARALLEL, async (item) => {
        const res = await send(route, path, item.payload, item.query);
        stats.refused += 1;
        const where = `${routeName(route)} ${item.label}`;
        if (res.status < 400 || res.status >= 500) failures.push(problem(where, res, '4xx'));
        else if (typeof res.body.code !== 'string' || typeof res.body.message !== 'string') failures.push(`${where}: ${res.status} without code and message: ${res.text.slice(0, 120)}`);
        else if (item.payload?.code && res.body.code !== item.payload.code) failures.push(problem(where, res, item.payload.code));
      });
      const after = await snapshot();
      const tables = changed(before, after);
      if (tables.length) failures.push(`${routeName(route)}: refused requests changed ${tables.join(', ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses malformed uploads (no file, not multipart, broken multipart, bad fields) with a 4xx and writes nothing', async () => {
    const failures: string[] = [];
    const csv = Buffer.from('Customer ID,Email\nU-1,u1@example.com\n');
    const boundary = 'kizunaBoundary';
    const part = (name: string, body: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${body}\r\n`;
    for (const route of routes.filter((r) => r.body === 'multipart')) {
      stats.routes += 1;
      const path = target(route);
      const before = await snapshot();
      const attempts: Array<{ label: string; send: () => Promise<{ status: number; text: string; body: Record<string, unknown> }>; code?: string }> = [
        { label: 'no file', code: 'FILE_REQUIRED', send: () => t.http().post(path).set(bearer(a.owner.token)).field('mapping', '{}') },
        { label: 'JSON instead of a file', send: () => t.http().post(path).set(bearer(a.owner.token)).send({ file: 'Customer ID\nX' }) },
        { label: 'text/plain body', code: 'UNSUPPORTED_MEDIA_TYPE', send: () => t.http().post(path).set(bearer(a.owner.token)).set('Content-Type', 'text/plain').send(csv.toString()) },
        { label: 'mapping not JSON', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').field('mapping', '{not json') },
        { label: 'mapping not an object', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').field('mapping', '[1,2]') },
        { label: 'mapping nested deep', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').field('mapping', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) },
        { label: 'mapping with NUL', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').field('mapping', '{"Email\u0000":"email"}') },
        { label: 'mapping huge', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').field('mapping', JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) })) },
        { label: 'binary file', code: 'NOT_CSV', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x01]), 'x.csv') },
        { label: 'empty file', code: 'EMPTY_FILE', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', Buffer.alloc(0), 'x.csv') },
        { label: 'two files', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('file', csv, 'x.csv').attach('file', csv, 'y.csv') },
        { label: 'file under another name', send: () => t.http().post(path).set(bearer(a.owner.token)).attach('upload', csv, 'x.csv') },
        {
          label: 'broken multipart (no closing boundary)',
          send: () => t.http().post(path).set(bearer(a.owner.token)).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(Buffer.from(part('file', csv.toString(), 'x.csv').slice(0, -10))),
        },
        { label: 'multipart without boundary', send: () => t.http().post(path).set(bearer(a.owner.token)).set('Content-Type', 'multipart/form-data').send(Buffer.from(part('file', 'a', 'x.csv'))) },
      ];
      for (const attempt of attempts) {
        const res = await attempt.send().then(
          (r) => ({ status: r.status, text: r.text ?? '', body: (r.body ?? {}) as Record<string, unknown> }),
          (e: Error) => ({ status: 0, text: `no answer: ${e.message}`, body: {} as Record<string, unknown> }),
        );
        stats.refused += 1;
        const where = `${routeName(route)} ${attempt.label}`;
        if (res.status < 400 || res.status >= 500) failures.push(problem(where, res, '4xx'));
        else if (attempt.code && res.body.code !== attempt.code) failures.push(problem(where, res, attempt.code));
      }
      const tables = changed(before, await snapshot());
      if (tables.length) failures.push(`${routeName(route)}: refused uploads changed ${tables.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('stores SQL, HTML and control characters in free-text fields literally (or refuses them), and never breaks', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const hasBody = route.body && route.body !== 'multipart';
      const path = target(route);
      const items: Array<{ label: string; field: string; value: string; payload?: Payload; query: string }> = [];
      const validQuery = requiredQuery(route, a);
      if (hasBody) for (const l of literalBodies(doc, route.body!, validBody(route.body!, a))) items.push({ ...l, payload: { label: l.label, json: l.json }, query: new URLSearchParams(validQuery).toString() });
      const body = hasBody ? ({ label: 'valid', json: validBody(route.body!, a) } as Payload) : undefined;
      for (const q of route.query.filter((p) => p.schema.type === 'string' && !p.schema.enum && !p.schema.format)) {
        for (const value of LITERAL_STRINGS) items.push({ label: `query ${q.name}=${JSON.stringify(value)}`, field: q.name, value, payload: body, query: new URLSearchParams({ ...validQuery, [q.name]: value }).toString() });
      }
      // One at a time: requests accepted here write, and concurrent edits of one object would race each other's echo.
      await inParallel(items, 1, async (item) => {
        const res = await send(route, path, item.payload, item.query);
        stats.literal += 1;
        const where = `${routeName(route)} ${item.label}`;
        if (res.status === 0 || res.status >= 500) {
          failures.push(problem(where, res, '2xx or 4xx'));
          return;
        }
        if (res.status >= 400) return;
        stats.literalAccepted += 1;
        if (!FREE_TEXT.has(item.field)) failures.push(problem(where, res, `4xx: ${item.field} is not free text`));
        const unsafe = htmlFields(res.body).filter((html) => /<script|<[^>]*\sonerror=/i.test(html));
        if (unsafe.length) failures.push(`${where}: rendered unescaped: ${unsafe[0].slice(0, 120)}`);
        // Echoed back, the value is as sent (control characters may be cleaned from one-line fields).
        const echoed = stringsNamed(res.body, item.field);
        if (echoed.length && !/[\u0000-\u001f\u200f]/.test(item.value) && !echoed.some((s) => s === item.value || s === item.value.trim()))
          failures.push(`${where}: stored as ${JSON.stringify(echoed).slice(0, 160)}`);
      });
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses malformed path parameters (not ids, too long, injection) with a 4xx and writes nothing', async () => {
    const failures: string[] = [];
    const bad = ['not-a-uuid', `1' OR '1'='1`, 'x'.repeat(3000), '\u0000', '..', 'ア'.repeat(200)];
    // Nothing here reaches a handler that writes, so one snapshot brackets all routes (a change names its tables).
    const before = await snapshot();
    for (const route of routes.filter((r) => r.pathParams.length)) {
      const body = route.body && route.body !== 'multipart' ? ({ label: 'valid', json: validBody(route.body, a) } as Payload) : undefined;
      const cases = route.pathParams.flatMap((param) => bad.map((value) => ({ param, value })));
      await inParallel(cases, PARALLEL, async ({ param, value }) => {
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === param ? encodeURIComponent(value).replace(/^\.\.$/, '%2E%2E') : encodeURIComponent({ ...LITERAL_PARAMS, ...a.ids }[name]!)));
        const res = await send(route, path, body, new URLSearchParams(requiredQuery(route, a)).toString());
        stats.pathParams += 1;
        if (res.status < 400 || res.status >= 500) failures.push(problem(`${routeName(route)} {${param}}=${JSON.stringify(value.slice(0, 20))}`, res, '4xx'));
      });
    }
    const tables = changed(before, await snapshot());
    if (tables.length) failures.push(`malformed path parameters changed ${tables.join(', ')}`);
    expect(failures).toEqual([]);
  }, 600_000);
});

function htmlFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => htmlFields(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/html$/i.test(k) && typeof v === 'string') out.push(v);
      else htmlFields(v, out);
    }
  }
  return out;
}

function stringsNamed(value: unknown, field: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => stringsNamed(v, field, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === field && typeof v === 'string') out.push(v);
      else stringsNamed(v, field, out);
    }
  }
  return out;
}
