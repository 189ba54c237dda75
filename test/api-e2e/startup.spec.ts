import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApiProcess, startApiProcess } from '../support/api-process';

/** The built API process: configuration refused in one clear line, embedded database kept across restarts. */
describe('API process start-up', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kizuna-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    [{ DATABASE_URL: 'mysql://nope', JWT_SECRET: 'x'.repeat(40) }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, /^Invalid configuration: JWT_SECRET is required when DATABASE_URL is set/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters$/],
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT/],
    [{ REDIS_URL: 'http://localhost' }, /^Invalid configuration: REDIS_URL must be a redis:\/\/ URL$/],
    [{ TRUST_PROXY: 'everyone; rm -rf' }, /^Invalid configuration: TRUST_PROXY must be/],
  ])('refuses %j with one line and exit code 1', async (env, message) => {
    const result = await runApiProcess({ DATA_DIR: dataDir, ...env });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('reports an unreachable Redis in one line', async () => {
    const result = await runApiProcess({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Kizuna API failed to start: Redis at REDIS_URL is unreachable/);
  });

  it('reports an unreachable database in one line', async () => {
    const result = await runApiProcess({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', JWT_SECRET: 'x'.repeat(40) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Kizuna API failed to start: /);
  });

  it('runs on the embedded database without configuration, seeds the demo once, and keeps data across a restart', async () => {
    const first = await startApiProcess({ DATA_DIR: dataDir });
    let email: string;
    try {
      expect(first.output()).toMatch(/Manager {5}manager@kizuna\.example \/ \S+/);
      const demo = await fetch(`${first.url}/api/v1/communities/kizuna-fans/boards`).then((r) => r.json());
      expect(demo.map((b: { name: string }) => b.name)).toEqual(['お知らせ', '雑談', '新商品の感想', 'イベント・ライブ']);
      const badges = await fetch(`${first.url}/api/v1/communities/kizuna-fans/badges`).then((r) => r.json());
      expect(badges.map((b: { key: string }) => b.key).sort()).toEqual(['event-helper', 'first-post', 'first-thread', 'nice-post', 'regular']);
      email = `restart-${Date.now()}@example.com`;
      const res = await fetch(`${first.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'sakura-no-hana-2026', displayName: '再起動' }),
      });
      expect(res.status).toBe(201);
      // The process's own dispatcher delivers the verification mail (demo accounts get none).
      const mailDir = join(dataDir, 'mail');
      let mails: string[] = [];
      for (let i = 0; i < 100 && mails.length === 0; i += 1) {
        mails = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => readFileSync(join(mailDir, f), 'utf8').includes(email)) : [];
        if (mails.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(mails).toHaveLength(1);
      expect(readdirSync(mailDir)).toHaveLength(1);
    } finally {
      first.child.kill('SIGTERM');
      await new Promise((r) => first.child.once('exit', r));
    }
    const second = await startApiProcess({ DATA_DIR: dataDir });
    try {
      const login = await fetch(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'sakura-no-hana-2026' }),
      });
      expect(login.status).toBe(200);
      const manager = /Manager {5}(\S+) \/ (\S+)/.exec(second.output())!;
      const managerLogin = await fetch(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: manager[1], password: manager[2] }),
      });
      expect(managerLogin.status).toBe(200);
      const boards = await fetch(`${second.url}/api/v1/communities/kizuna-fans/boards`).then((r) => r.json());
      expect(boards).toHaveLength(4);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
