import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config';
import { OutboxDispatcher } from '../../apps/api/src/activity/outbox.dispatcher';
import { ImportRunnerService } from '../../apps/api/src/crm/import/import-runner.service';
import { MailService } from '../../apps/api/src/mail/mail.service';
import { BadgeBackfillService } from '../../apps/api/src/recognition/badge-backfill.service';
import { WebhookDeliveryService } from '../../apps/api/src/webhooks/webhook-delivery.service';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  /** Runs CSV imports, the outbox, webhooks and the badge back-fills until nothing is due (in tests nothing starts their timers), then waits for mails being sent. */
  drainOutbox(): Promise<void>;
  /** Listens on a free loopback port (for socket clients); returns the base URL. */
  listen(): Promise<string>;
  /** The mails written so far (no SMTP in tests), newest last, decoded. */
  mails(): Array<{ to: string; subject: string; text: string }>;
  close(): Promise<void>;
}

/** The API in-process on a fresh database, with its own data directory for mail files. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-e2e-'));
  const config = loadConfig({
    DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Suites create many accounts and posts from 127.0.0.1 within seconds; abuse-limits.spec.ts sets 1 (production).
    RATE_LIMIT_MULTIPLIER: '1000',
    ...env,
  });
  const app = await createApp(config, db.dataSource).catch(async (error: unknown) => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const server = app.getHttpServer();
  const dispatcher = app.get(OutboxDispatcher);
  const backfills = app.get(BadgeBackfillService);
  const webhooks = app.get(WebhookDeliveryService);
  const imports = app.get(ImportRunnerService);
  const mail = app.get(MailService);
  return {
    app,
    config,
    db,
    http: () => request(server),
    async drainOutbox() {
      for (let rounds = 0; rounds < 20; rounds += 1) {
        await imports.drain();
        await dispatcher.drain();
        await webhooks.drain();
        if (!(await backfills.runBatch())) break;
      }
      // Mails leave after their delivery's commit: wait until they are written.
      await mail.settled();
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    mails: () => readMails(join(dataDir, 'mail')),
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function readMails(dir: string): Array<{ to: string; subject: string; text: string }> {
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const raw = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    const [head, ...body] = raw.split('\n\n');
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
    const content = body.join('\n\n');
    const text = /^Content-Transfer-Encoding: base64$/im.test(head)
      ? Buffer.from(content, 'base64').toString('utf8')
      : Buffer.from(content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    return { to: header('To'), subject: header('Subject'), text };
  });
}

/** The token of the newest link to `path` mailed to `to`. */
export function tokenFromMail(mails: Array<{ to: string; text: string }>, to: string, path: string): string {
  const mail = [...mails].reverse().find((m) => m.to.includes(to) && m.text.includes(path));
  const token = mail && new RegExp(`${path}\\?token=([\\w-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${path} mail to ${to} among ${mails.length}`);
  return token;
}

let counter = 0;
/** A unique, valid registration. */
export function newAccount(name = 'ファン') {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return { email: `fan-${id}@example.com`, password: `hikari-no-michi-${id}`, displayName: `${name}${counter}` };
}

/** Registers and returns the account with its access token and refresh cookie. */
export async function signUp(t: TestApp, name?: string) {
  const account = newAccount(name);
  const res = await t.http().post('/api/v1/auth/register').send(account).expect(201);
  return { ...account, id: res.body.user.id as string, token: res.body.accessToken as string, cookie: refreshCookie(res) };
}

export function refreshCookie(res: { headers: Record<string, unknown> }): string {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const cookie = cookies.find((c) => c.startsWith('kizuna_refresh='));
  if (!cookie) throw new Error('no refresh cookie set');
  return cookie.split(';')[0];
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
