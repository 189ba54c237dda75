import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO, demoFan, joinDemo } from './support/boards';
import { ARTIFACTS, describeWithBrowser, signInTo, useBrowserSuite } from './support/browser';

describeWithBrowser('the analytics dashboard in the browser (Japanese)', () => {
  const suite = useBrowserSuite();

  it('an analyst opens the dashboard, changes the period, and sees the charts and the at-risk champions', async () => {
    const { page, servers } = suite;
    const analyst = await demoFan(servers.apiUrl, 'アナリスト');
    const analystId = (await analyst.api.GET('/api/v1/me')).data!.id;
    const manager = await joinDemo(servers.apiUrl, servers.manager);
    const promoted = await manager.PUT('/api/v1/communities/{slug}/members/{userId}/role', { params: { path: { slug: DEMO, userId: analystId } }, body: { role: 'analyst' } });
    expect(promoted.response.ok).toBe(true);
    // The demo's three months of history reach the rollups through the outbox: wait until it is through.
    for (let tries = 0; tries < 200; tries += 1) {
      const health = (await (await fetch(`${servers.apiUrl}/api/health`)).json()) as { outbox: { pending: number } | null };
      if (health.outbox?.pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }

    await signInTo(page, analyst, `/c/${DEMO}/analytics`);
    await page.locator('[data-testid="panel-kpis"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="chart-activity"][data-rendered="true"] svg').waitFor();
    expect(Number((await page.getByTestId('kpi-mau').getByTestId('kpi-value').textContent())?.replace(/[^\d]/g, ''))).toBeGreaterThan(0);

    // A longer period, typed in and applied.
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('開始日').fill(from);
    await page.getByLabel('終了日').fill(to);
    await page.getByRole('button', { name: '適用' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to, { waitUntil: 'commit' });
    await page.locator('[data-testid="panel-activity"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="chart-activity"][data-rendered="true"] svg').waitFor();
    await page.locator('[data-testid="chart-tiers"][data-rendered="true"] svg').waitFor();
    await page.locator('[data-testid="chart-value"][data-rendered="true"] svg').waitFor();

    // The champion who went quiet is on the at-risk list, linked to her profile and 360° view.
    const atRisk = page.getByTestId('at-risk-list');
    await atRisk.getByTestId('at-risk-row').filter({ hasText: 'さくら' }).waitFor();
    const rows = await atRisk.getByTestId('at-risk-row').count();
    const total = Number((await page.getByTestId('at-risk-count').textContent())?.match(/^([\d,]+) 人中/)?.[1].replace(/,/g, ''));
    expect(total).toBeGreaterThanOrEqual(rows);
    // The CSV holds the whole list, fetched page by page, in Japanese.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '離脱が心配な中心メンバーのCSVをダウンロード' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(csv[0]).toMatch(/^メンバー,/);
    expect(csv).toHaveLength(total + 1);
    expect(csv.some((line) => line.startsWith('さくら'))).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'analytics-dashboard.png'), fullPage: true });
  }, 120_000);

  it('tells a fan the dashboard is for staff and analysts', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl, 'ファン');
    await signInTo(page, fan, `/c/${DEMO}/analytics`);
    await page.getByTestId('analytics-forbidden').waitFor();
  });
});
