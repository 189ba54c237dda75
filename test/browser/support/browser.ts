import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from './chromium';
import { type Servers, startServers } from './servers';

export const ARTIFACTS = join(__dirname, '../artifacts');

/** Browser suites run only where Debian's chromium is installed (global-setup.ts says so once when it is not). */
export const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/** What a browser suite works with; `context` and `page` are new for every test. */
export interface BrowserSuite {
  servers: Servers;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the hooks of a browser suite: the API and web app once for the file, a fresh browser
 * context (no cookies, no session) for each test. Use inside `describeWithBrowser`.
 */
export function useBrowserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.servers = await startServers();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.servers?.stop();
  });
  beforeEach(async () => {
    suite.context = await suite.browser.newContext({ baseURL: suite.servers.webUrl, viewport: { width: 1100, height: 900 } });
    // Fail a missing element well within the test's own timeout.
    suite.context.setDefaultTimeout(15_000);
    suite.page = await suite.context.newPage();
  });
  afterEach(() => suite.context.close());
  return suite;
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The text of the elements `aria-describedby` points at: what a screen reader reads with the field. */
export function accessibleDescription(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );
}

/** The id of the focused element. */
export function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}

/**
 * Waits until the app runs in the page (server-rendered HTML is visible earlier, but a click then
 * does nothing yet): the header shows who is signed in only once it does.
 */
export async function appRunning(page: Page): Promise<void> {
  const header = page.getByRole('banner');
  await header
    .getByRole('link', { name: /^(ログイン|Sign in)$/ })
    .or(header.getByRole('button', { name: /^(ログアウト|Sign out)$/ }))
    .waitFor();
}

/** Opens `path` once the app runs in it. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await appRunning(page);
}

/** Fills and submits the sign-in form the page shows. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }).click();
}

/** Signs in through the form, coming back to `path`. */
export async function signInTo(page: Page, account: { email: string; password: string }, path: string): Promise<void> {
  await open(page, `/signin?redirect=${encodeURIComponent(path)}`);
  await submitSignIn(page, account.email, account.password);
  await page.waitForURL((url) => url.pathname === path);
  await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).waitFor();
}

/** A post on the thread page, by its author and position. */
export const postOf = (page: Page, name: string, seq: number) => page.getByRole('article', { name: `${name} さんの投稿 #${seq}` });

/**
 * Other visitors, each with a browser of their own (no shared cookies, session or socket),
 * closed after every test.
 */
export function useOtherVisitors(suite: BrowserSuite): () => Promise<Page> {
  const others: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of others.splice(0)) await context.close();
  });
  return async () => {
    const context = await suite.browser.newContext({ baseURL: suite.servers.webUrl, viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(15_000);
    others.push(context);
    return context.newPage();
  };
}
