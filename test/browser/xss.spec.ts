import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { newAccount, registerAccount } from './support/accounts';
import { DEMO, threadPath } from './support/boards';
import { ARTIFACTS, describeWithBrowser, signInTo, useBrowserSuite, useOtherVisitors } from './support/browser';

/**
 * Script payloads stored through the API in every field people write — post bodies (raw HTML,
 * script tags, handlers, javascript: and data: links, attribute break-outs), thread titles,
 * display names, badge names, descriptions and titles (称号), board names and descriptions, perk and
 * segment names, contact names from a CSV import — then every page that shows them, and the live
 * events that carry them. Nothing may run: a payload sets `window.__xss` or calls `alert`, so the
 * global stays undefined, no dialog opens, no injected element or link exists, and the payload
 * reads as text where it is shown.
 */
const IMG = '"><img src=x onerror=__xss=1>';
const SVG = '<svg onload=alert(1)>';
const SCRIPT = '<script>__xss=1</script>';
/** Every kind of payload at once, for fields of 60 characters or more. */
const ALL = `${IMG}${SVG}`;

const POST_BODY = [
  `生のHTML ${SCRIPT}`,
  '<img src=x onerror="window.__xss=1">',
  `${SVG} 属性の突破 ${IMG}`,
  '[javascript link](javascript:window.__xss=1)',
  '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="javascript:alert(1)">raw link</a>',
  '![image](x" onerror="alert(1))',
  `@${IMG} へのメンション`,
].join('\n\n');

describeWithBrowser('stored script payloads stay text (XSS)', () => {
  const suite = useBrowserSuite();
  const otherVisitor = useOtherVisitors(suite);
  const dialogs: string[] = [];

  const watch = (page: Page) => page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  /** Nothing ran and nothing executable was injected into the page. */
  const expectInert = async (page: Page, where: string) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      injected: document.querySelectorAll('[onerror], [onload]:not(body), svg[onload], main script').length,
      badLinks: [...document.querySelectorAll('a[href], img[src], iframe[src]')]
        .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '')
        .filter((url) => /^\s*(javascript|data|vbscript):/i.test(url)),
    }));
    expect({ where, ...state, dialogs }).toEqual({ where, xss: undefined, injected: 0, badLinks: [], dialogs: [] });
  };
  const showsText = async (page: Page, text: string) => {
    try {
      await page.getByText(text, { exact: false }).first().waitFor();
    } catch (error) {
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'xss-missing-text.png'), fullPage: true });
      throw error;
    }
  };

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${suite.servers.apiUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const signIn = async (account: { email: string; password: string }) => {
    const res = await fetch(`${suite.servers.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }) });
    if (!res.ok) throw new Error(`login ${account.email}: ${res.status}`);
    const body = await res.json();
    return { token: body.accessToken as string, id: body.user.id as string };
  };

  it('renders every stored payload as text on every page, live events included', async () => {
    const { page, servers } = suite;
    watch(page);
    // The payloads do run when a page lets them (so their absence below means something).
    await page.setContent(`<p>${IMG}${SVG}</p>`);
    await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === 1);
    for (let i = 0; i < 50 && dialogs.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dialogs).toEqual(['1']);
    dialogs.length = 0;

    const suffix = Date.now().toString(36).slice(-4);
    const manager = await signIn(servers.manager);

    // A fan whose display name is a payload, and an ordinary fan.
    const evil = await registerAccount(servers.apiUrl, newAccount(IMG));
    const evilSession = await signIn(evil);
    await call(evilSession.token, 'POST', `/communities/${DEMO}/join`);
    const plain = await registerAccount(servers.apiUrl, newAccount('まじめ'));
    const plainSession = await signIn(plain);
    await call(plainSession.token, 'POST', `/communities/${DEMO}/join`);

    // A board named by the manager, a thread and posts by the fan.
    const board = await call(manager.token, 'POST', `/communities/${DEMO}/boards`, { name: `${IMG}${suffix}`, description: `${ALL}${SCRIPT} 説明` });
    const title = `${SCRIPT}${SVG}${suffix}`;
    const thread = await call(evilSession.token, 'POST', `/boards/${board.id}/threads`, { title, body: POST_BODY });
    const reply = await call(plainSession.token, 'POST', `/threads/${thread.id}/posts`, { body: `返信 ${IMG} ${SCRIPT}` });
    await call(evilSession.token, 'PUT', `/posts/${reply.id}/reactions/${encodeURIComponent('👍')}`);
    await call(plainSession.token, 'POST', `/posts/${thread.posts.items[0].id}/flags`, { reason: 'spam', note: `${ALL}${SCRIPT}` });

    // Recognition with payloads: a badge (name, description, title), awarded and shown; a perk.
    const badge = await call(manager.token, 'POST', `/communities/${DEMO}/badges`, {
      key: `xss-${suffix}`,
      name: { ja: `${ALL}${suffix}`, en: `${ALL}${suffix}` },
      description: { ja: `${ALL}${SCRIPT}`, en: `${ALL}${SCRIPT}` },
      icon: '🧪',
      tier: 'gold',
      grantsTitle: { ja: `${IMG}称号${suffix}`, en: `${IMG}title${suffix}` },
    });
    await call(manager.token, 'POST', `/communities/${DEMO}/badges/${badge.id}/awards`, { userId: evilSession.id, reason: `${ALL}${SCRIPT}` });
    await call(evilSession.token, 'PUT', `/communities/${DEMO}/me/title`, { titleId: badge.id });
    await call(manager.token, 'POST', `/communities/${DEMO}/perks`, {
      name: { ja: `${ALL}特典${suffix}`, en: `${ALL}perk${suffix}` },
      description: { ja: `${SCRIPT}`, en: `${SCRIPT}` },
      kind: 'link',
      unlock: { badgeId: badge.id },
      url: 'https://example.com/secret',
    });

    // CRM: a segment named with a payload, and a contact whose name is one (from a CSV import).
    const segment = await call(manager.token, 'POST', `/communities/${DEMO}/segments`, {
      name: `${ALL}${suffix}`,
      description: SCRIPT,
      rule: { match: 'all', conditions: [{ field: 'region', op: 'eq', value: IMG }] },
    });
    const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;
    const form = new FormData();
    form.append(
      'file',
      new Blob([`Customer ID,Last Name,First Name,Region\nXSS-${suffix},${csvField(IMG)},${csvField(`${SVG}${suffix}`)},${csvField(SCRIPT)}\n`], { type: 'text/csv' }),
      `${IMG}.csv`,
    );
    const upload = await fetch(`${servers.apiUrl}/api/v1/communities/${DEMO}/crm/contacts/import`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${manager.token}` } });
    expect(upload.status).toBe(202);
    const job = (await upload.json()) as { id: string };
    for (let tries = 0; tries < 150; tries += 1) {
      const state = await call(manager.token, 'GET', `/communities/${DEMO}/crm/imports/${job.id}`);
      if (state.status === 'done') break;
      if (state.status === 'failed') throw new Error(`import failed: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const contacts = await call(manager.token, 'GET', `/communities/${DEMO}/crm/contacts?q=${encodeURIComponent(`XSS-${suffix}`)}`);
    const contactId: string = contacts.items[0].id;

    // The pages that show them, as the manager (who sees everything).
    await signInTo(page, servers.manager, `/c/${DEMO}`);
    await showsText(page, `${IMG}${suffix}`);
    await expectInert(page, 'community home');

    await page.goto(`/c/${DEMO}/b/${board.id}`);
    await showsText(page, title);
    await expectInert(page, 'thread list');

    await page.goto(threadPath(thread.id));
    await showsText(page, SCRIPT);
    await showsText(page, 'javascript link');
    await showsText(page, `返信 ${IMG}`);
    await expectInert(page, 'thread page');

    await page.goto(`/c/${DEMO}/members/${evilSession.id}`);
    await showsText(page, `${IMG}称号${suffix}`);
    await expectInert(page, 'profile');

    // (The fan is not in the top ten of the seeded demo: the leaderboard is checked as the fan below.)
    await page.goto(`/c/${DEMO}/leaderboard`);
    await expectInert(page, 'leaderboard');

    await page.goto(`/c/${DEMO}/search?q=${encodeURIComponent('onerror')}`);
    await showsText(page, 'onerror');
    await expectInert(page, 'search');

    await page.goto(`/c/${DEMO}/moderation`);
    await expectInert(page, 'moderation queue');

    await page.goto(`/c/${DEMO}/manage/badges`);
    await showsText(page, `${ALL}${suffix}`);
    await expectInert(page, 'badge designer');

    await page.goto(`/c/${DEMO}/manage/perks`);
    await showsText(page, `${ALL}特典${suffix}`);
    await expectInert(page, 'perks');

    await page.goto(`/c/${DEMO}/manage/crm/segments`);
    await showsText(page, `${ALL}${suffix}`);
    await expectInert(page, 'segment list');
    await page.goto(`/c/${DEMO}/manage/crm/segments/${segment.id}`);
    await expectInert(page, 'segment page');

    await page.goto(`/c/${DEMO}/manage/crm/contacts?q=${encodeURIComponent(`XSS-${suffix}`)}`);
    await showsText(page, `${SVG}${suffix}`);
    await expectInert(page, 'contact list');
    await page.goto(`/c/${DEMO}/manage/crm/contacts/${contactId}`);
    await showsText(page, `${SVG}${suffix}`);
    await expectInert(page, 'contact page');

    await page.goto(`/c/${DEMO}/manage/crm/import`);
    await expectInert(page, 'import history');

    await page.goto(`/c/${DEMO}/manage/audit`);
    await showsText(page, `${ALL}${suffix}`);
    await expectInert(page, 'audit log');

    await page.goto(`/c/${DEMO}/analytics`);
    await expectInert(page, 'analytics');

    // The fan: notifications (a reply and a reaction in a thread titled with a payload), and live events.
    const fanPage = await otherVisitor();
    watch(fanPage);
    await signInTo(fanPage, evil, threadPath(thread.id));
    await fanPage.getByRole('button', { name: /^通知/ }).first().click();
    const panel = fanPage.locator('#notifications');
    await panel.getByText(title, { exact: false }).first().waitFor();
    await panel.getByText(`${ALL}${suffix}`, { exact: false }).first().waitFor();
    await expectInert(fanPage, 'notifications');
    await fanPage.keyboard.press('Escape');
    await fanPage.goto(`/c/${DEMO}/leaderboard?period=7d`);
    await expectInert(fanPage, 'leaderboard (the fan)');
    await fanPage.goto(threadPath(thread.id));
    await showsText(fanPage, SCRIPT);

    // Live: the manager reads the thread while the fan replies and is awarded a second badge.
    await page.goto(threadPath(thread.id));
    await showsText(page, SCRIPT);
    await call(evilSession.token, 'POST', `/threads/${thread.id}/posts`, { body: `ライブ ${IMG}${SCRIPT}${SVG}` });
    await showsText(page, `ライブ ${IMG}${SCRIPT}${SVG}`);
    await expectInert(page, 'live reply');
    const second = await call(manager.token, 'POST', `/communities/${DEMO}/badges`, {
      key: `xss2-${suffix}`,
      name: { ja: `${IMG}二つ目${suffix}`, en: `${IMG}second${suffix}` },
      icon: '🧪',
      tier: 'silver',
      grantsTitle: { ja: `${SVG}${suffix}`, en: `${SVG}${suffix}` },
    });
    await call(manager.token, 'POST', `/communities/${DEMO}/badges/${second.id}/awards`, { userId: evilSession.id, reason: SCRIPT });
    await fanPage.getByTestId('badge-toast').getByText(`${IMG}二つ目${suffix}`, { exact: false }).waitFor();
    await expectInert(fanPage, 'badge toast');
    await expectInert(page, 'after live events');
  }, 240_000);
});
