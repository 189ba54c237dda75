import { readFile } from 'node:fs/promises';
import { createKizunaClient } from '@kizuna/api-client';
import { DEMO, demoFan, startThread, threadPath } from './support/boards';
import { describeWithBrowser, open, postOf, signInTo, useBrowserSuite } from './support/browser';

describeWithBrowser('privacy rights in the browser (Japanese)', () => {
  const suite = useBrowserSuite();

  /** The manager's access token, for setting up customer records through the API. */
  async function managerToken(): Promise<string> {
    const { data } = await createKizunaClient({ baseUrl: suite.servers.apiUrl }).POST('/api/v1/auth/login', { body: suite.servers.manager });
    return data!.accessToken;
  }

  async function importContacts(token: string, csv: string): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'privacy.csv');
    const upload = await fetch(`${suite.servers.apiUrl}/api/v1/communities/${DEMO}/crm/contacts/import`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } });
    expect(upload.status).toBe(202);
    const job = (await upload.json()) as { id: string };
    for (let tries = 0; tries < 100; tries += 1) {
      const res = await fetch(`${suite.servers.apiUrl}/api/v1/communities/${DEMO}/crm/imports/${job.id}`, { headers: { Authorization: `Bearer ${token}` } });
      if (((await res.json()) as { status: string }).status === 'done') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('import did not finish');
  }

  it('a fan downloads their data, then deletes their account with their password and a typed confirmation', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl, 'つばさ');
    const thread = await startThread(fan.api, '雑談', 'つばさの自己紹介', 'はじめまして、つばさです');

    // The privacy page is one click from the header.
    await signInTo(page, fan, `/c/${DEMO}`);
    await page.getByRole('banner').getByRole('link', { name: 'プライバシー' }).click();
    await page.getByRole('heading', { level: 1, name: 'プライバシーとデータ' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'データをダウンロード（JSON）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^kizuna-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.account).toMatchObject({ email: fan.email, displayName: fan.displayName });
    expect(data.posts.map((p: { bodyMarkdown: string }) => p.bodyMarkdown)).toContain('はじめまして、つばさです');
    expect(JSON.stringify(data)).not.toMatch(/password/i);
    await page.getByTestId('export-done').waitFor();

    // The confirmation word and the password are checked, each with a clear message.
    await page.getByLabel('現在のパスワード').fill(fan.password);
    await page.getByLabel('確認のため「削除」と入力してください').fill('さくじょ');
    await page.getByRole('button', { name: 'アカウントを完全に削除する' }).click();
    await page.getByText('「削除」と入力してください。').waitFor();
    await page.getByLabel('確認のため「削除」と入力してください').fill('削除');
    await page.getByLabel('現在のパスワード').fill('wrong-password');
    await page.getByRole('button', { name: 'アカウントを完全に削除する' }).click();
    await page.getByText('パスワードが正しくありません。').waitFor();

    await page.getByLabel('現在のパスワード').fill(fan.password);
    await page.getByRole('button', { name: 'アカウントを完全に削除する' }).click();
    await page.getByTestId('account-deleted').getByText('アカウントを削除しました。').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'ログイン' }).waitFor();

    // The post stays, by a deleted member; the account cannot sign in.
    await open(page, threadPath(thread.id));
    await postOf(page, '退会したメンバー', 1).getByText('はじめまして、つばさです').waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain(fan.displayName);
    const login = await createKizunaClient({ baseUrl: servers.apiUrl }).POST('/api/v1/auth/login', { body: { email: fan.email, password: fan.password } });
    expect(login.response.status).toBe(401);
  });

  it('a manager sees a customer’s consent history and carries out an erasure request with a typed confirmation', async () => {
    const { page } = suite;
    const token = await managerToken();
    const id = `P-${Date.now().toString(36)}`;
    await importContacts(token, `Customer ID,Last Name,First Name,Email,Accepts Email Marketing\n${id},佐々木,みのり,${id.toLowerCase()}@example.com,no\n`);
    await importContacts(token, `Customer ID,Last Name,First Name,Email,Accepts Email Marketing\n${id},佐々木,みのり,${id.toLowerCase()}@example.com,yes\n`);
    const api = createKizunaClient({ baseUrl: suite.servers.apiUrl, headers: { Authorization: `Bearer ${token}` } });
    const { data } = await api.GET('/api/v1/communities/{slug}/crm/contacts', { params: { path: { slug: DEMO }, query: { q: id } } });
    const contactId = data!.items[0].id;

    await signInTo(page, suite.servers.manager, `/c/${DEMO}/manage/crm/contacts/${contactId}`);
    await page.getByTestId('contact-name').getByText('佐々木 みのり').waitFor();
    const history = page.getByTestId('consent-history').getByRole('listitem');
    expect(await history.allTextContents()).toEqual([expect.stringContaining('メール：同意'), expect.stringContaining('メール：拒否・撤回')]);

    await page.getByRole('button', { name: '個人情報を消去' }).click();
    const dialog = page.getByRole('dialog', { name: 'この顧客の個人情報を消去しますか？' });
    await dialog.getByLabel('確認のため「消去」と入力してください').fill('けす');
    await dialog.getByRole('button', { name: '消去する' }).click();
    await dialog.getByText('「消去」と入力してください。').waitFor();
    await dialog.getByLabel('確認のため「消去」と入力してください').fill('消去');
    await dialog.getByRole('button', { name: '消去する' }).click();

    await page.getByRole('status').getByText('個人情報を消去しました。').waitFor();
    await page.getByTestId('contact-erased').waitFor();
    expect(await page.getByTestId('contact-360').textContent()).not.toContain('みのり');
    await page.getByRole('button', { name: '個人情報を消去' }).waitFor({ state: 'detached' });
    // The consent given is withdrawn by the erasure: the newest entry.
    await history.nth(2).waitFor();
    expect(await history.first().textContent()).toContain('メール：拒否・撤回');
    expect(await history.first().textContent()).toContain('erasure');
  });
});
