import { DEMO, demoFan, joinDemo } from './support/boards';
import { describeWithBrowser, signInTo, useBrowserSuite } from './support/browser';

describeWithBrowser('the audit log in the browser (Japanese)', () => {
  const suite = useBrowserSuite();

  it('shows a manager who changed whose role, and filters by action', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl, 'しおり');
    const fanId = (await fan.api.GET('/api/v1/me')).data!.id;
    const manager = await joinDemo(servers.apiUrl, servers.manager);
    const changed = await manager.PUT('/api/v1/communities/{slug}/members/{userId}/role', { params: { path: { slug: DEMO, userId: fanId } }, body: { role: 'moderator' } });
    expect(changed.response.ok).toBe(true);

    await signInTo(page, servers.manager, `/c/${DEMO}/manage/audit`);
    const row = page.locator('[data-testid="audit-row"][data-type="member.role_changed"]').filter({ hasText: `to: moderator` }).first();
    await row.waitFor();
    await row.getByText('役割の変更').waitFor();
    await page.getByLabel('操作').selectOption('member.role_changed');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL((url) => url.searchParams.get('type') === 'member.role_changed', { waitUntil: 'commit' });
    await page.locator('[data-testid="audit-row"]').first().waitFor();
    const types = await page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(new Set(types)).toEqual(new Set(['member.role_changed']));
  });
});
