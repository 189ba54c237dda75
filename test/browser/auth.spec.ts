import type { Page } from 'playwright-core';
import { newAccount, registerAccount } from './support/accounts';
import { accessibleDescription, describeWithBrowser, focusedId, open, submitSignIn, useBrowserSuite } from './support/browser';
import { waitForMailLinks } from './support/mail';

describeWithBrowser('accounts in the browser (Japanese by default)', () => {
  const suite = useBrowserSuite();

  const header = () => suite.page.getByRole('banner');

  it('signs up a new visitor, who then sees their name in the header', async () => {
    const { page } = suite;
    const account = newAccount();
    await open(page, '/');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await header().getByRole('link', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '新規登録' }).waitFor();
    await page.getByLabel('メールアドレス').fill(account.email);
    await page.getByLabel('表示名').fill(account.displayName);
    await page.getByLabel('パスワード', { exact: true }).fill(account.password);
    expect(await accessibleDescription(page.getByLabel('パスワード', { exact: true }))).toBe('8文字以上で、推測されにくいものにしてください。');
    await page.getByRole('button', { name: '登録する' }).click();

    await header().getByText(`${account.displayName} さん`).waitFor();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('メールアドレスがまだ確認されていません。').waitFor();
  });

  it('shows a weak password and a taken email next to their fields', async () => {
    const { page, servers } = suite;
    const taken = await registerAccount(servers.apiUrl);
    await open(page, '/signup');
    await page.getByLabel('メールアドレス').fill(newAccount().email);
    await page.getByLabel('表示名').fill('はると');
    await page.getByLabel('パスワード', { exact: true }).fill('password1');
    await page.getByRole('button', { name: '登録する' }).click();

    const password = page.getByLabel('パスワード', { exact: true });
    await page.getByText('パスワードは8文字以上で、推測されにくいものにしてください。', { exact: true }).waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibleDescription(password)).toContain('パスワードは8文字以上で、推測されにくいものにしてください。');
    expect(await focusedId(page)).toBe('password');
    expect(await page.getByLabel('メールアドレス').getAttribute('aria-invalid')).toBeNull();

    await page.getByLabel('メールアドレス').fill(taken.email);
    await password.fill(newAccount().password);
    await page.getByRole('button', { name: '登録する' }).click();

    const email = page.getByLabel('メールアドレス');
    await page.getByText('このメールアドレスはすでに登録されています。').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibleDescription(email)).toBe('このメールアドレスはすでに登録されています。');
    expect(await password.getAttribute('aria-invalid')).toBeNull();
    expect(await focusedId(page)).toBe('email');
  });

  it('signs out, refuses a wrong password with an alert, then signs in', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/signin');
    await submitSignIn(page, account.email, account.password);
    await header().getByText(`${account.displayName} さん`).waitFor();

    await header().getByRole('button', { name: 'ログアウト' }).click();
    await header().getByRole('link', { name: 'ログイン' }).click();
    await submitSignIn(page, account.email, 'not-my-password-絆');
    const alert = page.getByRole('alert').filter({ hasText: 'メールアドレスまたはパスワードが正しくありません。' });
    await alert.waitFor();
    expect(await header().getByText(`${account.displayName} さん`).count()).toBe(0);

    await submitSignIn(page, account.email, account.password);
    await header().getByText(`${account.displayName} さん`).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('resends the confirmation mail and confirms the address from its link', async () => {
    const { page, servers } = suite;
    const account = newAccount();
    await open(page, '/signup');
    await page.getByLabel('メールアドレス').fill(account.email);
    await page.getByLabel('表示名').fill(account.displayName);
    await page.getByLabel('パスワード', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: '登録する' }).click();
    const banner = page.getByText('メールアドレスがまだ確認されていません。');
    await banner.waitFor();
    await page.getByRole('button', { name: '確認メールを再送' }).click();
    await page.getByRole('status').getByText('確認メールを送信しました。').waitFor();

    // The resent mail's link replaces the first one.
    const link = (await waitForMailLinks(servers.dataDir, account.email, '/verify-email', 2))[1];
    expect(link.startsWith(`${servers.webUrl}/verify-email?token=`)).toBe(true);
    await page.goto(link);
    await page.getByText('メールアドレスを確認しました。ありがとうございます。').waitFor();
    await banner.waitFor({ state: 'detached' });
    await header().getByText(`${account.displayName} さん`).waitFor();

    await page.reload();
    await page.getByText('メールアドレスを確認できませんでした。 このリンクは無効か、使用済み、または期限切れです。').waitFor();
  });

  it('resets a forgotten password from the link in the mail', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/signin');
    await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
    // The sign-in page has an email field too: fill it only once the link has led to its page.
    await page.getByRole('heading', { level: 1, name: 'パスワードの再設定' }).waitFor();
    await page.getByLabel('メールアドレス').fill(account.email);
    await page.getByRole('button', { name: 'リンクを送る' }).click();
    await page.getByText('再設定用のリンクを送信しました', { exact: false }).waitFor();

    const [link] = await waitForMailLinks(servers.dataDir, account.email, '/reset-password');
    await open(page, link);
    const password = page.getByLabel('新しいパスワード');
    await password.fill('12345678');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText('パスワードは8文字以上で、推測されにくいものにしてください。', { exact: true }).waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');

    const newPassword = newAccount().password;
    await password.fill(newPassword);
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText('パスワードを変更しました。').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'ログイン' }).click();
    await submitSignIn(page, account.email, account.password);
    await page.getByText('メールアドレスまたはパスワードが正しくありません。').waitFor();
    await submitSignIn(page, account.email, newPassword);
    await header().getByText(`${account.displayName} さん`).waitFor();
  });

  it('signs in with the keyboard alone', async () => {
    const { page, servers } = suite;
    const account = await registerAccount(servers.apiUrl);
    await open(page, '/signin');
    await tabTo(page, 'email');
    await page.keyboard.type(account.email);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.keyboard.type(account.password);
    await page.keyboard.press('Enter');
    await header().getByText(`${account.displayName} さん`).waitFor();
    await page.waitForURL((url) => url.pathname === '/');
  });

  /** Presses Tab from the top of the page until the element with `id` has focus. */
  async function tabTo(page: Page, id: string) {
    for (let presses = 0; presses < 15; presses += 1) {
      await page.keyboard.press('Tab');
      if ((await focusedId(page)) === id) return;
    }
    throw new Error(`#${id} was not reached with Tab`);
  }
});
