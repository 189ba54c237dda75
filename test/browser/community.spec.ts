import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { registerAccount } from './support/accounts';
import { ARTIFACTS, describeWithBrowser, open, submitSignIn, useBrowserSuite } from './support/browser';

describeWithBrowser('communities in the browser', () => {
  const suite = useBrowserSuite();

  const header = () => suite.page.getByRole('banner');
  /** The value shown under a label of the community's figures (members, your role). */
  const stat = (term: string) => suite.page.locator(`dt:text-is("${term}") + dd`);

  it('lets a visitor sign in from the demo community, join it, and stay a member after a reload', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/c/kizuna-fans');
    await page.getByRole('heading', { level: 1, name: '絆ファンコミュニティ' }).waitFor();
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['お知らせ', '雑談', '新商品の感想', 'イベント・ライブ']);
    const membersBefore = Number(await stat('メンバー数').textContent());
    expect(membersBefore).toBeGreaterThan(0);

    await page.getByText('参加するには、ログインまたは新規登録してください。').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'ログイン' }).click();
    await submitSignIn(page, account.email, account.password);
    await header().getByText(`${account.displayName} さん`).waitFor();
    await page.waitForURL((url) => url.pathname === '/c/kizuna-fans');

    await page.getByRole('button', { name: '参加する' }).click();
    await stat('あなたの役割').getByText('メンバー', { exact: true }).waitFor();
    expect(Number(await stat('メンバー数').textContent())).toBe(membersBefore + 1);
    expect(await page.getByRole('button', { name: '参加する' }).count()).toBe(0);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'community-ja.png'), fullPage: true });

    // A member is never offered the join button, not even while the session is being restored.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if ([...document.querySelectorAll('button')].some((button) => button.textContent?.includes('参加する'))) {
          Object.assign(window, { offeredJoin: true });
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/refresh'));
    await page.reload();
    expect((await refreshed).status()).toBe(200);
    await header().getByText(`${account.displayName} さん`).waitFor();
    await stat('あなたの役割').getByText('メンバー', { exact: true }).waitFor();
    expect(Number(await stat('メンバー数').textContent())).toBe(membersBefore + 1);
    expect(await page.evaluate(() => 'offeredJoin' in window)).toBe(false);
  });

  it('refreshes an expired access token and retries the join', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/signin?redirect=/c/kizuna-fans');
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('button', { name: '参加する' }).waitFor();

    // The first join goes out with a token the API refuses, as it would an expired one.
    await page.route(
      '**/api/v1/communities/kizuna-fans/join',
      (route) => route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired' } }),
      { times: 1 },
    );
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/refresh'));
    await page.getByRole('button', { name: '参加する' }).click();
    expect((await refreshed).status()).toBe(200);
    await stat('あなたの役割').getByText('メンバー', { exact: true }).waitFor();
    await header().getByText(`${account.displayName} さん`).waitFor();
  });

  it('lets a signed-in visitor create a community and become its owner', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/signin');
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('link', { name: 'コミュニティをつくる' }).click();

    const slug = page.getByLabel('URL 用の名前（スラッグ）');
    await slug.fill('Kizuna Fans!');
    await page.getByLabel('コミュニティ名').fill('ライブ好きの集い');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByText('スラッグは3〜40文字の半角英小文字・数字・ハイフンで、先頭と末尾にハイフンは使えません。').waitFor();
    expect(await slug.getAttribute('aria-invalid')).toBe('true');

    await slug.fill('kizuna-fans');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByText('このスラッグはすでに使われています。').waitFor();

    const free = `live-${randomBytes(4).toString('hex')}`;
    await slug.fill(free);
    await page.getByLabel('説明（任意）').fill('ライブの感想を語り合いましょう。');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.waitForURL((url) => url.pathname === `/c/${free}`);
    await page.getByRole('heading', { level: 1, name: 'ライブ好きの集い' }).waitFor();
    await stat('あなたの役割').getByText('オーナー', { exact: true }).waitFor();
    expect(await stat('メンバー数').textContent()).toBe('1');
    await page.getByText('まだ掲示板がありません。').waitFor();
  });

  it('answers an unknown community with a 404 page', async () => {
    const { page } = suite;
    const response = await page.goto('/c/no-such-community');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
  });
});
