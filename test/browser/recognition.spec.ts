import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO, demoFan, startThread, threadPath } from './support/boards';
import { ARTIFACTS, describeWithBrowser, postOf, signInTo, useBrowserSuite, useOtherVisitors } from './support/browser';

describeWithBrowser('recognition in the browser (Japanese)', () => {
  const suite = useBrowserSuite();
  const otherVisitor = useOtherVisitors(suite);

  it('a manager designs a badge with the rule builder and awards it; the fan sees it arrive, picks its title, and the title shows by their name', async () => {
    const { page } = suite;
    const fan = await demoFan(suite.servers.apiUrl, 'みなみ');
    const fanId = (await fan.api.GET('/api/v1/me')).data!.id;
    const thread = await startThread(fan.api, '雑談', `はじめまして ${fan.displayName}`, 'よろしくお願いします！');
    const suffix = Date.now().toString(36);
    const badgeName = `ライブ皆勤賞${suffix}`;
    const title = `皆勤の星${suffix}`;

    // The fan reads their thread in a browser of their own.
    const fanPage = await otherVisitor();
    await signInTo(fanPage, fan, threadPath(thread.id));
    await postOf(fanPage, fan.displayName, 1).waitFor();
    expect(await postOf(fanPage, fan.displayName, 1).getByTestId('author-title').count()).toBe(0);

    // The manager designs a rule badge in the console, without writing JSON.
    await signInTo(page, suite.servers.manager, `/c/${DEMO}/manage/badges`);
    await page.getByRole('button', { name: '新しいバッジ' }).click();
    await page.getByLabel('キー').fill(`live-${suffix}`);
    await page.getByLabel('名前（日本語）').fill(badgeName);
    await page.getByLabel('名前（英語）').fill(`Every live ${suffix}`);
    await page.getByLabel('アイコン', { exact: true }).fill('🎤');
    await page.getByLabel('等級').selectOption('gold');
    await page.getByLabel('称号（日本語）').fill(title);
    await page.getByLabel('称号（英語）').fill(`Star ${suffix}`);
    await page.getByRole('radio', { name: '条件を満たしたメンバーに自動で付与する' }).check();
    await page.getByLabel('条件の種類', { exact: true }).selectOption('count');
    await page.getByLabel('活動', { exact: true }).selectOption('post.created');
    await page.getByLabel('回数（以上）').fill('500');
    await page.getByLabel('期間（日以内）').fill('90');
    await page.getByTestId('rule-summary').getByText(/90日以内.*500回/).waitFor();
    await page.getByRole('button', { name: '対象者をプレビュー' }).click();
    await page.getByTestId('rule-preview').getByText('今 0人が条件を満たしています').waitFor();
    await page.getByRole('button', { name: 'バッジを作成' }).click();
    await page.getByRole('status').getByText(`バッジ「${badgeName}」を作成しました。`).waitFor();
    // Nobody qualifies yet: the back-fill finishes having awarded no one.
    const card = page.getByRole('article', { name: badgeName, exact: true });
    await card.getByTestId('backfill-done').getByText('0人に付与しました').waitFor();

    // …and awards it by hand, finding the fan by name.
    await card.getByRole('button', { name: `「${badgeName}」の授与・取り消し` }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`${badgeName} の授与と取り消し`) });
    await dialog.getByLabel('メンバーを検索').fill(fan.displayName);
    await dialog.getByRole('list', { name: '検索結果' }).getByRole('button', { name: fan.displayName, exact: true }).click();
    await dialog.getByLabel('理由').fill('オフ会の運営を手伝ってくれました');
    await dialog.getByRole('button', { name: '授与する' }).click();
    await dialog.getByText(`${fan.displayName} さんに授与しました。`).waitFor();
    await dialog.getByText('現在の保有者（1人）').waitFor();

    // The fan is told at once, on the page they are reading, and follows the toast to pick the title.
    const toast = fanPage.getByTestId('badge-toast');
    await toast.getByText(`バッジを獲得しました: ${badgeName}`).waitFor();
    await toast.getByText(`称号「${title}」を表示できるようになりました。`).waitFor();
    await mkdir(ARTIFACTS, { recursive: true });
    await fanPage.screenshot({ path: join(ARTIFACTS, 'recognition-toast.png') });
    await toast.getByRole('link', { name: '称号を選ぶ' }).click();
    await fanPage.waitForURL((url) => url.pathname === `/c/${DEMO}/members/${fanId}`, { waitUntil: 'commit' });
    const badgeCard = fanPage.locator(`[data-testid="badge-card"][data-held="true"]`).filter({ hasText: badgeName });
    await badgeCard.waitFor();
    const picker = fanPage.getByRole('group', { name: '名前の横に表示する称号' });
    await picker.getByRole('radio', { name: title, exact: true }).check();
    await fanPage.getByRole('button', { name: '保存' }).click();
    await fanPage.getByRole('status').getByText(`称号「${title}」を表示しています。`).waitFor();
    await fanPage.getByTestId('profile-title').getByText(title).waitFor();
    await fanPage.screenshot({ path: join(ARTIFACTS, 'recognition-profile.png'), fullPage: true });

    // Back on the thread, the title stands next to the fan's name — for everyone.
    await fanPage.goto(threadPath(thread.id));
    await postOf(fanPage, fan.displayName, 1).getByTestId('author-title').getByText(title).waitFor();
    await page.goto(threadPath(thread.id));
    await postOf(page, fan.displayName, 1).getByTestId('author-title').getByText(title).waitFor();
  });

  it('shows the leaderboard with titles and ranks, and switches periods by keyboard', async () => {
    const { page } = suite;
    const fan = await demoFan(suite.servers.apiUrl, 'れん');
    const fanId = (await fan.api.GET('/api/v1/me')).data!.id;
    await startThread(fan.api, '雑談', `ランキング ${fan.displayName}`, '参加します');
    // Points are counted by the outbox, a moment after the post: wait until they are.
    for (let tries = 0; tries < 50; tries += 1) {
      const { data } = await fan.api.GET('/api/v1/communities/{slug}/leaderboard', { params: { path: { slug: DEMO } } });
      if (data?.some((entry) => entry.userId === fanId)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await signInTo(page, fan, `/c/${DEMO}/leaderboard`);
    const row = page.getByTestId('leaderboard-row').filter({ hasText: fan.displayName });
    await row.waitFor();
    expect(await row.getAttribute('aria-current')).toBe('true');
    await row.getByText('5 pt').waitFor();
    const periods = page.getByRole('navigation', { name: '集計期間' });
    await periods.getByRole('link', { name: '7日間' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('period') === '7d');
    expect(await periods.getByRole('link', { name: '7日間' }).getAttribute('aria-current')).toBe('page');
    await page.getByTestId('leaderboard-row').filter({ hasText: fan.displayName }).waitFor();
  });
});
