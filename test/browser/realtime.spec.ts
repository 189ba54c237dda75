import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO, demoFan, type Fan, startThread, threadPath } from './support/boards';
import { ARTIFACTS, describeWithBrowser, postOf, signInTo, useBrowserSuite, useOtherVisitors } from './support/browser';

describeWithBrowser('live updates in the browser (Japanese)', () => {
  const suite = useBrowserSuite();
  const otherVisitor = useOtherVisitors(suite);

  const signIn = signInTo;
  const post = postOf;
  const bell = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^通知/ });

  /** Waits for a fan's first-thread badge notification, then marks everything read. */
  const readBadgeNotification = async (fan: Fan) => {
    for (let tries = 0; tries < 100; tries += 1) {
      const { data } = await fan.api.GET('/api/v1/me/notifications');
      if (data?.items.some((n) => n.type === 'badge')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await fan.api.POST('/api/v1/me/notifications/read', { body: {} });
  };

  /** Marks the document, so a later check can tell it was never reloaded. */
  const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const sameDocument = (page: Page) => page.evaluate(() => 'sameDocument' in window);

  it('shows a reply typed in one browser in the other without a reload, with readers, typing, reactions and the bell', async () => {
    const { page } = suite;
    const sakura = await demoFan(suite.servers.apiUrl, 'さくら');
    const haruto = await demoFan(suite.servers.apiUrl, 'はると');
    const title = `ライブの感想 ${sakura.displayName}`;
    const thread = await startThread(sakura.api, '雑談', title, '昨日のライブ、最高でしたね！');
    // Her first thread earns the demo's 「はじめてのスレッド」 badge: once it is announced, read it, so the bell starts at zero.
    await readBadgeNotification(sakura);

    // Both fans have the thread open, each in a browser of their own, and see each other reading.
    await signIn(page, sakura, threadPath(thread.id));
    const pageB = await otherVisitor();
    await signIn(pageB, haruto, threadPath(thread.id));
    for (const reader of [page, pageB]) await reader.locator('.thread-meta').getByText('2人が閲覧中').waitFor();
    expect(await page.locator('.reading').getAttribute('title')).toMatch(new RegExp(`^閲覧中: .*${haruto.displayName}`));
    await markDocument(page);
    expect(await bell(page).textContent()).not.toMatch(/\d/);

    // While B types, A is told; B's reply then slides in on A's page, announced to screen readers.
    const composer = pageB.getByRole('textbox', { name: '返信を書く' });
    await composer.pressSequentially('アンコールの', { delay: 20 });
    const typing = page.getByText(`${haruto.displayName} さんが入力中…`);
    await typing.waitFor();
    expect(await page.getByText(`${sakura.displayName} さんが入力中…`).count()).toBe(0);
    await composer.pressSequentially('曲で泣きました。');
    await pageB.getByRole('button', { name: '返信する' }).click();
    const reply = post(page, haruto.displayName, 2);
    await reply.getByText('アンコールの曲で泣きました。').waitFor();
    await typing.waitFor({ state: 'hidden' });
    await page.locator('[aria-live="polite"]').getByText(`${haruto.displayName} さんが返信しました`).waitFor();
    await page.getByText('返信 1', { exact: true }).waitFor();
    expect(await page.locator('.posts > li').count()).toBe(2);

    // The thread's author gets a notification: the bell counts it, live.
    await bell(page).getByText('1', { exact: true }).waitFor();
    expect(await bell(page).getAttribute('aria-label')).toBe('通知（未読 1件）');

    // B reacts to A's opening post: the count changes on A's page, and the bell counts that too.
    const opening = post(pageB, sakura.displayName, 1);
    await opening.getByRole('button', { name: 'リアクションを追加' }).click();
    await opening.getByRole('button', { name: '👍 でリアクション' }).click();
    await opening.getByRole('button', { name: '👍 1人' }).waitFor();
    await post(page, sakura.displayName, 1).getByRole('img', { name: '👍 1人' }).waitFor();
    await bell(page).getByText('2', { exact: true }).waitFor();

    // A reacts to the reply: B sees the count rise, with B's own "not reacted" state kept.
    const replyOfA = post(page, haruto.displayName, 2);
    await replyOfA.getByRole('button', { name: 'リアクションを追加' }).click();
    await replyOfA.getByRole('button', { name: '❤️ でリアクション' }).click();
    await post(pageB, haruto.displayName, 2).getByRole('img', { name: '❤️ 1人' }).waitFor();
    expect(await sameDocument(page)).toBe(true);

    // The bell opens a list of what happened (a disclosure: Escape closes it and focus returns).
    await bell(page).click();
    const list = page.locator('#notifications');
    const replyNote = list.getByRole('link', { name: new RegExp(`${haruto.displayName} さんがあなたのスレッド「${title}」に返信しました`) });
    await replyNote.waitFor();
    await list.getByRole('link', { name: new RegExp(`${haruto.displayName} さんが「${title}」のあなたの投稿にリアクションしました 👍`) }).waitFor();
    expect(await bell(page).getAttribute('aria-expanded')).toBe('true');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'realtime-ja.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('notifications');

    // With the keyboard: open it, follow the reply's link to the post, which is marked read.
    await page.keyboard.press('Enter');
    await replyNote.waitFor();
    await replyNote.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash.startsWith('#post-'));
    await page.waitForFunction(() => document.activeElement?.id === 'post-2');
    await list.waitFor({ state: 'detached' });
    await bell(page).getByText('1', { exact: true }).waitFor();

    // "Mark all as read" empties the count.
    await bell(page).click();
    await list.getByRole('button', { name: 'すべて既読にする' }).click();
    await bell(page).locator('.bell-count').waitFor({ state: 'detached' });
    expect(await bell(page).getAttribute('aria-label')).toBe('通知');
    expect(await list.locator('li.unread').count()).toBe(0);
  });

  it('says when the connection is lost, and catches up with the replies missed once it is back', async () => {
    const { page, context, servers } = suite;
    const reader = await demoFan(servers.apiUrl, 'あおい');
    const writer = await demoFan(servers.apiUrl, 'そうた');
    const thread = await startThread(reader.api, '雑談', `セトリ予想 ${reader.displayName}`, '一曲目は何だと思いますか？');

    await signIn(page, reader, threadPath(thread.id));
    const banner = page.getByRole('status').getByText('接続が切れました。再接続しています…');
    expect(await banner.count()).toBe(0);
    // Wait for the socket before cutting it: the first reply arrives live.
    await writer.api.POST('/api/v1/threads/{threadId}/posts', { params: { path: { threadId: thread.id } }, body: { body: '「絆」だと思います！' } });
    await post(page, writer.displayName, 2).waitFor();
    await markDocument(page);

    await context.setOffline(true);
    await banner.waitFor();
    const { response } = await writer.api.POST('/api/v1/threads/{threadId}/posts', { params: { path: { threadId: thread.id } }, body: { body: '二曲目はバラードかな。' } });
    expect(response.status).toBe(201);
    const caughtUp = page.waitForResponse((reply) => new URL(reply.url()).searchParams.get('afterSeq') === '2');
    await context.setOffline(false);
    expect((await caughtUp).status()).toBe(200);
    await post(page, writer.displayName, 3).getByText('二曲目はバラードかな。').waitFor();
    await banner.waitFor({ state: 'detached' });
    expect(await page.locator('.posts > li').count()).toBe(3);
    expect(await sameDocument(page)).toBe(true);
  });

  it('tells a reader on the board that a new thread was started, and shows it when asked', async () => {
    const { page, servers } = suite;
    const reader = await demoFan(servers.apiUrl, 'ゆい');
    const starter = await demoFan(servers.apiUrl, 'はると');
    const title = `物販の待ち時間 ${starter.displayName}`;

    await signIn(page, reader, `/c/${DEMO}`);
    await page.getByRole('link', { name: '雑談', exact: true }).click();
    // Started after the list was loaded, the thread reaches the page either way: through the
    // board's room, or (when the socket joins later) through the check made on joining.
    await page.getByRole('heading', { level: 1, name: '雑談' }).waitFor();
    await markDocument(page);

    await startThread(starter.api, '雑談', title, '何時間くらい並びましたか？');
    const bar = page.getByRole('button', { name: '新しいスレッドが1件あります — 表示する' });
    await bar.waitFor();
    expect(await page.getByRole('link', { name: title, exact: true }).count()).toBe(0);
    await bar.click();
    const link = page.getByRole('link', { name: title, exact: true });
    await link.waitFor();
    await page.waitForFunction((name) => document.activeElement?.textContent === name, title);
    await bar.waitFor({ state: 'detached' });
    expect(await sameDocument(page)).toBe(true);
  });
});
