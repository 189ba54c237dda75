import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKizunaClient } from '@kizuna/api-client';
import { DEMO, demoFan } from './support/boards';
import { ARTIFACTS, describeWithBrowser, signInTo, useBrowserSuite, useOtherVisitors } from './support/browser';
import { waitForMailLinks } from './support/mail';

/** Confirms an address with the link of its verification mail (mailed once its token is committed). */
async function confirmEmail(servers: { apiUrl: string; dataDir: string }, email: string): Promise<void> {
  const [link] = await waitForMailLinks(servers.dataDir, email, '/verify-email');
  const token = new URL(link).searchParams.get('token')!;
  const { response } = await createKizunaClient({ baseUrl: servers.apiUrl }).POST('/api/v1/auth/verify-email', { body: { token } });
  expect(response.status).toBe(200);
}

describeWithBrowser('the CRM console in the browser (Japanese)', () => {
  const suite = useBrowserSuite();
  const otherVisitor = useOtherVisitors(suite);

  it('a manager imports customers watching the progress bar, opens a linked fan’s 360° view, builds a segment and exports it', async () => {
    const { page, servers } = suite;
    // A fan who confirmed their email: the import links their customer record to them.
    const fan = await demoFan(servers.apiUrl, 'ひかり');
    await confirmEmail(servers, fan.email);

    const suffix = Date.now().toString(36);
    const rows = ['Customer ID,Last Name,First Name,Email,Province,Accepts Email Marketing'];
    for (let i = 0; i < 3000; i += 1) rows.push(`B${suffix}-${i},山田,顧客${i},c${i}-${suffix}@example.com,${i % 3 === 0 ? `東京都${suffix}` : '大阪府'},${i % 2 === 0 ? 'yes' : 'no'}`);
    rows.push(`F${suffix},日向,ひかり,${fan.email},東京都${suffix},yes`);
    const csv = Buffer.from(`\ufeff${rows.join('\n')}\n`, 'utf8');

    // Import, watching the progress bar fill.
    await signInTo(page, servers.manager, `/c/${DEMO}/manage/crm/import`);
    await page.getByRole('radio', { name: '顧客', exact: true }).check();
    await page.getByLabel('CSV ファイル').setInputFiles({ name: `customers-${suffix}.csv`, mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'インポートを開始' }).click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    expect(await progress.getAttribute('aria-label')).toMatch(/^(インポートの順番を待っています|インポート(中|完了) [\d,]+ \/ [\d,]+ 行)$/);
    await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('aria-label')).toBe('インポート完了 3,001 / 3,001 行');
    await page.getByTestId('import-inserted').getByText('3,001').waitFor();
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'crm-import.png'), fullPage: true });

    // The fan was linked by their confirmed email: find them among linked customers and open the 360° view.
    await page.goto(`/c/${DEMO}/manage/crm/contacts`);
    await page.getByLabel('会員との連携').selectOption('true');
    await page.getByRole('button', { name: '絞り込む' }).click();
    const row = page.locator('[data-testid="contact-row"][data-linked="true"]').filter({ hasText: fan.email });
    await row.getByRole('link').first().click();
    const view = page.getByTestId('contact-360');
    await view.waitFor();
    await view.getByTestId('linked-member-name').getByText(fan.displayName).waitFor();
    await view.getByTestId('contact-consent').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'crm-360.png'), fullPage: true });

    // A segment: customers in this test's Tokyo region, counted live, saved, exported for email.
    await page.goto(`/c/${DEMO}/manage/crm/segments`);
    await page.getByRole('link', { name: '新しいセグメント' }).click();
    await page.getByLabel('セグメント名').fill(`東京の顧客 ${suffix}`);
    await page.getByLabel('条件 1: 項目').selectOption('region');
    await page.getByLabel('条件 1: 条件').selectOption('eq');
    await page.getByLabel('条件 1: 値').fill(`東京都${suffix}`);
    // 1,000 of the rows (every third) and the fan.
    await page.getByTestId('segment-count').getByText('該当 1,001 人').waitFor();
    await page.getByRole('button', { name: 'セグメントを作成' }).click();
    await page.waitForURL(/\/manage\/crm\/segments\/[0-9a-f-]{36}$/, { waitUntil: 'commit' });
    await page.getByLabel('配信チャネル').selectOption('email');
    // Of the 1,001, the even rows (500) and the fan consented to email.
    await page.getByTestId('export-summary').getByText('配信可能 501 人・同意なしで除外 500 人').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
    const exported = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '').trim().split('\n');
    expect(exported[0]).toMatch(/^external_id,email,/);
    expect(exported).toHaveLength(502);
    expect(exported.some((line) => line.includes(fan.email))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'crm-segment.png'), fullPage: true });
  }, 120_000);

  it('a fan links their account with their membership number on their profile; a second claim is told staff will look', async () => {
    const { page, servers } = suite;
    const number = `M-${Date.now().toString(36)}`;
    // The shop's record, imported by the manager through the API.
    const login = await createKizunaClient({ baseUrl: servers.apiUrl }).POST('/api/v1/auth/login', { body: servers.manager });
    const form = new FormData();
    form.append('file', new Blob([`Customer ID,Member Number,Birthday\nX-${number},${number},1992-08-15\n`], { type: 'text/csv' }), 'members.csv');
    const upload = await fetch(`${servers.apiUrl}/api/v1/communities/${DEMO}/crm/contacts/import`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${login.data!.accessToken}` } });
    expect(upload.status).toBe(202);
    const job = (await upload.json()) as { id: string };
    for (let tries = 0; tries < 100; tries += 1) {
      const res = await fetch(`${servers.apiUrl}/api/v1/communities/${DEMO}/crm/imports/${job.id}`, { headers: { Authorization: `Bearer ${login.data!.accessToken}` } });
      if (((await res.json()) as { status: string }).status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const fan = await demoFan(servers.apiUrl, 'かなで');
    const fanId = (await fan.api.GET('/api/v1/me')).data!.id;
    await signInTo(page, fan, `/c/${DEMO}/members/${fanId}`);
    const linkForm = page.getByTestId('customer-link-form');
    await linkForm.getByLabel('会員番号').fill(number);
    await linkForm.getByLabel('生年月日または電話番号').fill('1992-08-16');
    await linkForm.getByRole('button', { name: '連携する' }).click();
    await linkForm.getByText('会員番号と生年月日または電話番号の組み合わせが見つかりません。').waitFor();
    await linkForm.getByLabel('生年月日または電話番号').fill('1992-08-15');
    await linkForm.getByRole('button', { name: '連携する' }).click();
    await linkForm.getByRole('status').getByText('連携しました。購入に応じたバッジや特典が反映されます。').waitFor();

    const other = await demoFan(servers.apiUrl, 'おと');
    const otherId = (await other.api.GET('/api/v1/me')).data!.id;
    const pageB = await otherVisitor();
    await signInTo(pageB, other, `/c/${DEMO}/members/${otherId}`);
    const formB = pageB.getByTestId('customer-link-form');
    await formB.getByLabel('会員番号').fill(number);
    await formB.getByLabel('生年月日または電話番号').fill('1992-08-15');
    await formB.getByRole('button', { name: '連携する' }).click();
    await formB.getByText('この会員情報はすでに別のアカウントと連携されています。運営チームが確認します。').waitFor();
  });
});
