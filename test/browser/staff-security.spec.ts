import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'otplib';
import { newAccount, registerAccount, type Account } from './support/accounts';
import { ARTIFACTS, describeWithBrowser, open, signInTo, submitSignIn, useBrowserSuite } from './support/browser';

/** The TOTP code of `secret` at `offsetSteps` 30-second steps from now (as the person's authenticator app would show). */
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

describeWithBrowser('staff security in the browser', () => {
  const suite = useBrowserSuite();
  const header = () => suite.page.getByRole('banner');

  /** A fresh community whose new manager is returned. */
  async function manager(): Promise<Account> {
    const api = suite.servers.apiUrl;
    const post = async (path: string, token: string | null, body: unknown, method = 'POST') => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const owner = newAccount('オーナー');
    const { accessToken: ownerToken } = await post('/api/v1/auth/register', null, owner);
    const slug = `sec-${Date.now().toString(36)}`;
    await post('/api/v1/communities', ownerToken, { slug, name: 'セキュリティ' });
    const account = newAccount('マネージャー');
    const { accessToken, user } = await post('/api/v1/auth/register', null, account);
    await post(`/api/v1/communities/${slug}/join`, accessToken, {});
    await post(`/api/v1/communities/${slug}/members/${user.id}/role`, ownerToken, { role: 'manager' }, 'PUT');
    return account;
  }

  /** Signs in through the API from "another device"; returns its access token. */
  async function signInElsewhere(account: Account, userAgent: string): Promise<string> {
    const res = await fetch(`${suite.servers.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  const meStatus = async (token: string) => (await fetch(`${suite.servers.apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('a manager turns on two-factor sign-in from the QR page, saves recovery codes, signs out and back in with a code', async () => {
    const { page } = suite;
    const account = await manager();
    await signInTo(page, account, '/');
    await header().getByRole('link', { name: 'セキュリティ' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログインのセキュリティ' }).waitFor();
    await page.getByText('無効です。').waitFor();

    await page.getByRole('button', { name: '2段階認証を設定する' }).click();
    await page.getByRole('img', { name: '認証アプリに Kizuna を追加するための QR コード' }).waitFor();
    const secret = (await page.getByTestId('two-factor-secret').textContent())!.trim();
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'security-setup-ja.png'), fullPage: true });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong code is shown next to the field.
    const wrong = String((Number(await codeAt(secret)) + 1) % 1_000_000).padStart(6, '0');
    await page.getByLabel('アプリのコード').fill(wrong);
    await page.getByRole('button', { name: '有効にする' }).click();
    await page.getByText('コードが正しくないか、期限切れか、すでに使われています。').waitFor();
    expect(await page.getByLabel('アプリのコード').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('アプリのコード').fill(await codeAt(secret));
    await page.getByRole('button', { name: '有効にする' }).click();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await page.getByRole('heading', { name: 'リカバリーコード' }).waitFor();
    expect(await codes.count()).toBe(10);
    await page.screenshot({ path: join(ARTIFACTS, 'security-recovery-codes-ja.png'), fullPage: true });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery-heading');
    await page.getByRole('button', { name: '保存しました' }).click();
    await page.getByTestId('two-factor-status').getByText(/残りのリカバリーコード：10 個/).waitFor();

    await header().getByRole('button', { name: 'ログアウト' }).click();
    await header().getByRole('link', { name: 'ログイン' }).click();
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('heading', { name: '2段階認証' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'signin-two-factor-ja.png') });
    expect(await header().getByText(`${account.displayName} さん`).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.getByLabel('コード', { exact: true }).fill(await codeAt(secret, 1));
    await page.getByRole('button', { name: '確認' }).click();
    await header().getByText(`${account.displayName} さん`).waitFor();
  }, 90_000);

  it('lists the sessions and signs out another device, whose access stops at once; shows a lockout clearly', async () => {
    const { page } = suite;
    const account = await registerAccount(suite.servers.apiUrl);
    const phoneToken = await signInElsewhere(account, 'KizunaTestPhone/1.0');
    expect(await meStatus(phoneToken)).toBe(200);

    await signInTo(page, account, '/me/security');
    const sessions = page.getByTestId('session');
    await page.getByTestId('sessions').getByText('この端末').waitFor();
    expect(await sessions.count()).toBe(3);
    await page.getByRole('button', { name: 'KizunaTestPhone/1.0 をログアウト' }).click();
    await page.getByTestId('security-notice').getByText('ログアウトしました。').waitFor();
    expect(await sessions.count()).toBe(2);
    expect(await meStatus(phoneToken)).toBe(401);

    await page.getByRole('button', { name: 'ほかの端末をすべてログアウト' }).click();
    await page.getByTestId('security-notice').getByText('ほかの 1 件のログインを終了しました。').waitFor();
    expect(await sessions.count()).toBe(1);

    // Ten wrong passwords lock the account: the sign-in form says so, even for the right password.
    await header().getByRole('button', { name: 'ログアウト' }).click();
    for (let i = 0; i < 10; i += 1) {
      await fetch(`${suite.servers.apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({ email: account.email, password: `wrong-${i}-password` }),
      });
    }
    await open(page, '/signin');
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('alert').getByText(/このアカウントを 15 分間ロックしました/).waitFor();
  });
});
