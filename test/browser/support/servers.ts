import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { API_MAIN, freePort } from '../../support/api-process';

// The production entry: adapter-node's handler plus the `/socket.io` WebSocket forwarding.
const WEB_MAIN = join(__dirname, '../../../apps/web/server.js');
const START_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 10_000;

/** The built API and web app, running as the browser sees them in production. */
export interface Servers {
  /** The only origin the browser talks to; `/api/*` is proxied to the API. */
  webUrl: string;
  apiUrl: string;
  /** The API's data directory: `mail/*.eml` holds the mails it sent. */
  dataDir: string;
  /** The demo community manager, as printed by the API at start-up. */
  manager: { email: string; password: string };
  stop(): Promise<void>;
}

/**
 * Starts the built API on a fresh database (a new PostgreSQL database when `DATABASE_URL` names a
 * server, else the embedded one in a temporary data directory) with the demo seeded, then the
 * built web app in front of it. Run `npx nx run-many -t build -p api web` first.
 */
export async function startServers(): Promise<Servers> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'kizuna-browser-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const apiPort = await freePort();
    let webPort = await freePort();
    while (webPort === apiPort) webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;

    const databaseEnv: Record<string, string> = {};
    if (process.env.DATABASE_URL) {
      const database = await createDatabase(process.env.DATABASE_URL);
      cleanups.push(database.drop);
      databaseEnv.DATABASE_URL = database.url;
      databaseEnv.JWT_SECRET = randomBytes(32).toString('base64url');
    }

    const api = new ServerProcess('API', API_MAIN, {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_WEB_URL: webUrl,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      SEED_DEMO_HISTORY: 'true',
      // The suites sign up and post from one address within seconds.
      RATE_LIMIT_MULTIPLIER: '1000',
      ...databaseEnv,
    });
    cleanups.push(() => api.stop());
    // The banner is printed after the demo is seeded and ends with the manager's sign-in.
    const [, email, password] = await api.waitForOutput(/^Manager\s+(\S+) \/ (\S+)$/m);
    await expectOk(`${apiUrl}/api/health`);

    const web = new ServerProcess('web', WEB_MAIN, {
      PORT: String(webPort),
      HOST: '127.0.0.1',
      ORIGIN: webUrl,
      API_URL: apiUrl,
    });
    cleanups.push(() => web.stop());
    await web.waitForOutput(/Listening on/);
    await expectOk(`${webUrl}/api/health`);

    return { webUrl, apiUrl, dataDir, manager: { email, password }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A server run as `node <main>` in its own process group, with only the environment given. */
class ServerProcess {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<void>;

  constructor(
    private readonly name: string,
    main: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** Resolves with the first match of `pattern` in the output; fails when the process exits first. */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output);
        if (!match) return;
        done();
        resolve(match);
      };
      const fail = (reason: string) => {
        done();
        reject(new Error(`${this.name} ${reason}:\n${this.output}`));
      };
      const onExit = (code: number | null) => fail(`exited (code ${code}) before printing ${pattern}`);
      const timer = setTimeout(() => fail(`did not print ${pattern} within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.off('exit', onExit);
      };
      this.child.stdout!.on('data', check);
      this.child.once('exit', onExit);
      check();
    });
  }

  /** SIGTERM to the whole process group, SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, signal);
      } catch {
        // The group is already gone.
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

async function expectOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
}

async function createDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kizuna_browser_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
