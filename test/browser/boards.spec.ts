import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Account, newAccount } from './support/accounts';
import { DEMO, demoFan, joinDemo, startThread, threadPath } from './support/boards';
import { ARTIFACTS, describeWithBrowser, open, postOf, signInTo, useBrowserSuite, useOtherVisitors } from './support/browser';

describeWithBrowser('boards in the browser (Japanese)', () => {
  const suite = useBrowserSuite();
  const otherVisitor = useOtherVisitors(suite);

  /** Signs up through the form, coming back to `path`. */
  async function signUp(page: Page, account: Account, path: string): Promise<void> {
    await open(page, `/signup?redirect=${encodeURIComponent(path)}`);
    await page.getByLabel('メールアドレス').fill(account.email);
    await page.getByLabel('表示名').fill(account.displayName);
    await page.getByLabel('パスワード', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('banner').getByText(`${account.displayName} さん`).waitFor();
    await page.waitForURL((url) => url.pathname === path);
  }

  const signIn = signInTo;
  const post = postOf;
  const threadRow = (page: Page, title: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });

  /** Waits for the read position the thread page reports once its posts are shown. */
  const readRecorded = (page: Page) => page.waitForResponse((response) => response.request().method() === 'PUT' && /\/threads\/[^/]+\/read$/.test(response.url()));

  it('lets a fan start a thread, another reply and react, the first read it, and a moderator hide a reported reply', async () => {
    const { page } = suite;
    const sakura = newAccount('さくら');
    const haruto = newAccount('はると');
    const title = `新曲「絆」の感想 ${sakura.displayName}`;

    // Fan A signs up from the community page, joins, and starts a thread in 雑談 with Markdown.
    await signUp(page, sakura, `/c/${DEMO}`);
    await page.getByRole('button', { name: '参加する' }).click();
    await page.locator('dt:text-is("あなたの役割") + dd').getByText('メンバー', { exact: true }).waitFor();
    await page.getByRole('link', { name: '雑談', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '雑談' }).waitFor();
    const boardUrl = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'スレッドを立てる' }).click();
    await page.getByLabel('タイトル').fill(title);
    await page.getByLabel('本文', { exact: true }).fill('新曲、**最高**でした！\nみなさんはどの曲が好きですか？');
    expect(await page.getByText('29 / 20,000 文字').count()).toBe(1);
    await page.getByRole('tab', { name: 'プレビュー' }).click();
    const preview = page.getByRole('tabpanel', { name: 'プレビュー' });
    await preview.locator('strong', { hasText: '最高' }).waitFor();
    expect(await page.getByRole('tab', { name: 'プレビュー' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('本文', { exact: true }).isVisible()).toBe(false);
    const sakuraRead = readRecorded(page);
    await page.getByRole('button', { name: '投稿する' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await post(page, sakura.displayName, 1).locator('.post-body strong').textContent()).toBe('最高');
    expect((await sakuraRead).status()).toBe(204);
    // A leaves the thread: on it, B's reply would arrive live and be read there and then.
    await open(page, `/c/${DEMO}`);

    // Fan B signs up from the board, joins there, finds the thread new, replies, and reacts to A's opening post.
    const pageB = await otherVisitor();
    await signUp(pageB, haruto, boardUrl);
    await pageB.getByText('スレッドを立てるには、このコミュニティに参加してください。').waitFor();
    await pageB.getByRole('button', { name: '参加する' }).click();
    await pageB.getByRole('button', { name: 'スレッドを立てる' }).waitFor();
    await threadRow(pageB, title).getByText('新着', { exact: true }).waitFor();
    await pageB.getByRole('link', { name: title, exact: true }).click();
    await pageB.getByRole('heading', { level: 1, name: title }).waitFor();
    await pageB.getByRole('textbox', { name: '返信を書く' }).fill('わかります！サビで泣きました。');
    await pageB.getByRole('button', { name: '返信する' }).click();
    await post(pageB, haruto.displayName, 2).getByText('わかります！サビで泣きました。').waitFor();
    const opening = post(pageB, sakura.displayName, 1);
    await opening.getByRole('button', { name: 'リアクションを追加' }).click();
    await opening.getByRole('button', { name: '👍 でリアクション' }).click();
    const thumbs = opening.getByRole('button', { name: '👍 1人' });
    await thumbs.waitFor();
    expect(await thumbs.getAttribute('aria-pressed')).toBe('true');
    // Nobody reacts to their own post: B's reply offers no picker.
    expect(await post(pageB, haruto.displayName, 2).getByRole('button', { name: 'リアクションを追加' }).count()).toBe(0);

    // A sees the thread unread in the board list, then the reply and the reaction; read, it is no longer marked.
    await open(page, `/c/${DEMO}`);
    await page.getByRole('link', { name: '雑談', exact: true }).click();
    const row = threadRow(page, title);
    await row.getByText('未読 1', { exact: true }).waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'board-ja.png'), fullPage: true });

    const sakuraReadAgain = readRecorded(page);
    await row.getByRole('link', { name: title }).click();
    await post(page, haruto.displayName, 2).getByText('わかります！サビで泣きました。').waitFor();
    await post(page, sakura.displayName, 1).getByRole('img', { name: '👍 1人' }).waitFor();
    expect(await page.getByText('返信 1', { exact: true }).count()).toBe(1);
    expect((await sakuraReadAgain).status()).toBe(204);
    await page.screenshot({ path: join(ARTIFACTS, 'thread-ja.png'), fullPage: true, animations: 'disabled' });
    await page.getByRole('navigation', { name: '現在地' }).getByRole('link', { name: '雑談' }).click();
    await threadRow(page, title).waitFor();
    expect(await threadRow(page, title).locator('.badge-new').count()).toBe(0);

    // A reports B's reply through the dialog; the report button gives way to a thank-you.
    await page.getByRole('link', { name: title, exact: true }).click();
    const reply = post(page, haruto.displayName, 2);
    await reply.getByRole('button', { name: '通報' }).click();
    const dialog = page.getByRole('dialog', { name: '投稿を通報する' });
    await dialog.waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('spam');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('通報');
    await reply.getByRole('button', { name: '通報' }).click();
    await dialog.getByLabel('不適切な内容').check();
    await dialog.getByLabel('補足（任意）').fill('ネタバレを含んでいます');
    await dialog.getByRole('button', { name: '通報する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await reply.getByRole('status').getByText('通報しました。ご協力ありがとうございます。').waitFor();
    expect(await reply.getByRole('button', { name: '通報' }).count()).toBe(0);

    // The demo manager reviews the report in the moderation queue and hides the reply.
    const pageM = await otherVisitor();
    await signIn(pageM, suite.servers.manager, `/c/${DEMO}`);
    await pageM.getByRole('link', { name: 'モデレーション' }).click();
    await pageM.getByRole('heading', { level: 1, name: 'モデレーション' }).waitFor();
    const item = post(pageM, haruto.displayName, 2);
    await item.getByText('わかります！サビで泣きました。').waitFor();
    await item.getByText('不適切な内容', { exact: true }).waitFor();
    await item.getByText('ネタバレを含んでいます').waitFor();
    await item.getByText(`${sakura.displayName} さん`).waitFor();
    await pageM.screenshot({ path: join(ARTIFACTS, 'moderation-ja.png'), fullPage: true });
    await item.getByRole('button', { name: '非表示にする' }).click();
    await pageM.getByRole('status').getByText(`「${title}」の投稿を非表示にしました。`).waitFor();
    await item.waitFor({ state: 'detached' });
    await pageM.getByText('確認待ちの通報はありません。').waitFor();

    // A now sees the placeholder; B, its author, still reads it, marked hidden.
    await page.reload();
    await reply.getByText('この投稿は非表示になっています').waitFor();
    expect(await page.getByText('わかります！サビで泣きました。').count()).toBe(0);
    await pageB.reload();
    const own = post(pageB, haruto.displayName, 2);
    await own.getByText('わかります！サビで泣きました。').waitFor();
    await own.getByText('非表示', { exact: true }).waitFor();
    await own.getByText('モデレーターが非表示にしました。', { exact: false }).waitFor();
  });

  it('never lets stored script or javascript: links run', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const payload = [
      '<script>window.__xss=1</script>',
      '<img src=x onerror="window.__xss=2">',
      '[click](javascript:window.__xss=3)',
      '<a href="javascript:alert(1)">x</a>',
      '[ok](https://example.com/)',
    ].join('\n\n');

    await signIn(page, fan, `/c/${DEMO}`);
    await page.getByRole('link', { name: '雑談', exact: true }).click();
    await page.getByRole('button', { name: 'スレッドを立てる' }).click();
    await page.getByLabel('タイトル').fill('<img src=x onerror="window.__xss=4">');
    await page.getByLabel('本文', { exact: true }).fill(payload);
    // The tabs follow the keyboard (WAI-ARIA tabs): arrow to the preview.
    await page.getByRole('tab', { name: '書く' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('プレビュー');
    const preview = page.getByRole('tabpanel', { name: 'プレビュー' });
    await preview.getByRole('link', { name: 'ok' }).waitFor();
    await expectInert(page);
    await page.getByRole('button', { name: '投稿する' }).click();
    const opening = post(page, fan.displayName, 1);
    await opening.waitFor();
    await expectInert(page);
    // The markup is shown as the text it is.
    await opening.getByText('<script>window.__xss=1</script>').waitFor();
    await page.getByRole('heading', { level: 1, name: '<img src=x onerror="window.__xss=4">' }).waitFor();

    // Server-rendered too (no app in the page yet), then with the app running; links clicked.
    const html = await (await page.request.get(page.url())).text();
    expect(html).not.toMatch(/<script>window\.__xss|<img[^>]*onerror|<a[^>]*href="?javascript:/i);
    await page.reload();
    await opening.waitFor();
    await expectInert(page);
    for (const link of await opening.locator('.post-body a').all()) {
      expect(await link.getAttribute('href')).toMatch(/^https?:/);
    }
    for (const text of ['click', 'x']) expect(await opening.locator('.post-body a', { hasText: new RegExp(`^${text}$`) }).count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('finds Japanese posts by one or two characters and links to the thread', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl);
    const thread = await startThread(fan.api, '新商品の感想', '浜松で鰻を食べた話', '名物の鰻重がとても美味しかったです。\nまた行きたい！');

    await open(page, `/c/${DEMO}`);
    const search = page.getByRole('search').getByRole('searchbox', { name: '掲示板を検索' });
    await search.fill('鰻');
    await search.press('Enter');
    await page.waitForURL((url) => url.pathname === `/c/${DEMO}/search` && url.searchParams.get('q') === '鰻');
    await page.getByRole('heading', { level: 2, name: '「鰻」の検索結果' }).waitFor();
    const hits = page.locator('.search-results > li');
    await hits.first().waitFor();
    expect(await hits.count()).toBe(2);
    expect(await page.locator('.search-results mark').allTextContents()).toEqual(['鰻', '鰻']);
    expect(await hits.getByRole('link', { name: '浜松で鰻を食べた話' }).count()).toBe(2);

    const again = page.getByRole('main').getByRole('searchbox');
    await again.fill('鰻重');
    await again.press('Enter');
    await page.getByRole('heading', { level: 2, name: '「鰻重」の検索結果' }).waitFor();
    expect(await page.locator('.search-results mark').allTextContents()).toEqual(['鰻重']);
    expect(await page.locator('.search-results .snippet').textContent()).toBe('名物の鰻重がとても美味しかったです。 また行きたい！');
    await page.locator('.search-results').getByRole('link', { name: '浜松で鰻を食べた話' }).click();
    await page.waitForURL((url) => url.pathname === threadPath(thread.id) && url.hash === '#post-1');
    await page.getByRole('heading', { level: 1, name: '浜松で鰻を食べた話' }).waitFor();

    await open(page, `/c/${DEMO}/search?q=${encodeURIComponent('存在しない言葉')}`);
    await page.getByText('「存在しない言葉」に一致するスレッドや投稿は見つかりませんでした。').waitFor();
  });

  it('replaces the reply composer with a notice once a moderator locks the thread', async () => {
    const { page, servers } = suite;
    const author = await demoFan(servers.apiUrl);
    const reader = await demoFan(servers.apiUrl, 'ゆい');
    const title = `ライブの持ち物 ${author.displayName}`;
    const thread = await startThread(author.api, 'イベント・ライブ', title, 'ペンライトは何本持っていきますか？');

    // The reader has the thread open with the composer, before the lock.
    const pageR = await otherVisitor();
    await signIn(pageR, reader, threadPath(thread.id));
    const composer = pageR.getByRole('textbox', { name: '返信を書く' });
    await composer.waitFor();

    await signIn(page, suite.servers.manager, threadPath(thread.id));
    await page.getByRole('group', { name: 'スレッドのモデレーション' }).getByRole('button', { name: 'ロックする' }).click();
    await page.getByRole('button', { name: 'ロックを解除' }).waitFor();
    await page.locator('.thread-head').getByText('ロック中').waitFor();
    await page.getByText('このスレッドはロックされています。モデレーターとして返信できます。').waitFor();

    // A reply sent from the page opened earlier is refused with the reason.
    await composer.fill('2本です！');
    await pageR.getByRole('button', { name: '返信する' }).click();
    await pageR.getByRole('alert').getByText('このスレッドはロックされているため、返信できません。').waitFor();

    await pageR.reload();
    await pageR.getByText('このスレッドはロックされています。新しい返信はできません。').waitFor();
    expect(await pageR.getByRole('textbox', { name: '返信を書く' }).count()).toBe(0);
    expect(await pageR.getByRole('button', { name: '返信する' }).count()).toBe(0);
    expect(await pageR.getByRole('button', { name: '引用して返信' }).count()).toBe(0);
    await pageR.getByRole('navigation', { name: '現在地' }).getByRole('link', { name: 'イベント・ライブ' }).click();
    await threadRow(pageR, title).getByText('ロック中').waitFor();
  });

  it('quotes, edits with a history, and deletes an own reply', async () => {
    const { page, servers } = suite;
    const author = await demoFan(servers.apiUrl, 'そうた');
    const fan = await demoFan(servers.apiUrl, 'あおい');
    const thread = await startThread(author.api, '雑談', `おすすめの曲 ${author.displayName}`, '一曲だけ選ぶなら？\n理由も教えてください。');

    await signIn(page, fan, threadPath(thread.id));
    await post(page, author.displayName, 1).getByRole('button', { name: '引用して返信' }).click();
    const composer = page.getByRole('textbox', { name: '返信を書く' });
    expect(await composer.inputValue()).toBe(`> @${author.displayName}:\n> 一曲だけ選ぶなら？\n> 理由も教えてください。\n\n`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('body');
    await page.getByText(`↩ ${author.displayName} さんへの返信`).waitFor();
    await page.keyboard.type('「きずな」です。');
    await page.getByRole('button', { name: '返信する' }).click();
    const mine = post(page, fan.displayName, 2);
    await mine.getByRole('link', { name: `↩ ${author.displayName} さんへの返信` }).waitFor();
    await mine.locator('.post-body blockquote').getByText('一曲だけ選ぶなら？', { exact: false }).waitFor();
    expect(await composer.inputValue()).toBe('');

    await mine.getByRole('button', { name: '編集' }).click();
    const editor = mine.getByLabel('投稿を編集');
    await page.waitForFunction(() => document.activeElement?.id === 'edit-2');
    await editor.fill('「きずな」です。歌詞がいいので。');
    await mine.getByRole('button', { name: '保存' }).click();
    await mine.locator('.post-body').getByText('「きずな」です。歌詞がいいので。').waitFor();
    await mine.getByRole('button', { name: '編集済み' }).click();
    await mine.getByRole('region', { name: '編集履歴' }).getByText('第1版', { exact: false }).waitFor();
    expect(await mine.locator('.revision').textContent()).toContain('「きずな」です。');

    await mine.getByRole('button', { name: '削除' }).click();
    await mine.getByText('この投稿を削除しますか？元に戻すことはできません。').waitFor();
    await mine.getByRole('button', { name: '削除する' }).click();
    await mine.getByText('この投稿は削除されました').waitFor();
    await page.reload();
    await post(page, fan.displayName, 2).getByText('この投稿は削除されました').waitFor();
    expect(await page.getByText('歌詞がいいので').count()).toBe(0);
  });

  it('tells a new member over the hourly posting limit when to try again', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl, 'はじめ');
    // Demo members count as new for 24 hours, with 10 posts an hour.
    const [first] = await Promise.all(Array.from({ length: 10 }, (_, i) => startThread(fan.api, '雑談', `自己紹介 ${i + 1} ${fan.displayName}`, 'よろしくお願いします！')));

    await signIn(page, fan, threadPath(first.id));
    await page.getByRole('textbox', { name: '返信を書く' }).fill('もう一言だけ。');
    await page.getByRole('button', { name: '返信する' }).click();
    await page.getByRole('alert').getByText(/^新しいメンバーが1時間に投稿できる回数の上限に達しました。\d+分後にもう一度お試しください。$/).waitFor();
    expect(await page.getByRole('textbox', { name: '返信を書く' }).inputValue()).toBe('もう一言だけ。');

    // Before asking the API: an empty reply is named at the field.
    await page.getByRole('textbox', { name: '返信を書く' }).fill('   ');
    await page.getByRole('button', { name: '返信する' }).click();
    await page.getByText('本文は1〜20,000文字で入力してください。').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('body');
  });

  it('lets the staff add a staff-only board and move it up; fans cannot start threads there', async () => {
    const { page, servers } = suite;
    const fan = await demoFan(servers.apiUrl);
    const name = `グッズ情報 ${fan.displayName}`;

    await signIn(page, servers.manager, `/c/${DEMO}`);
    const admin = page.getByRole('region', { name: '掲示板の管理' });
    await admin.getByLabel('掲示板の名前').fill(name);
    await admin.getByLabel('運営だけがスレッドを立てられる（お知らせ用）').check();
    await admin.getByRole('button', { name: '掲示板を追加' }).click();
    await admin.getByRole('status').getByText(`「${name}」を追加しました。`).waitFor();
    const boardNames = page.getByRole('region', { name: '掲示板', exact: true }).getByRole('heading', { level: 3 });
    await boardNames.filter({ hasText: name }).waitFor();
    expect((await boardNames.allTextContents()).at(-1)).toBe(name);
    await admin.getByRole('button', { name: `「${name}」を上へ` }).click();
    await admin.getByRole('status').getByText(`「${name}」を更新しました。`).waitFor();
    expect((await boardNames.allTextContents()).slice(-2)).toEqual([name, 'イベント・ライブ']);

    const pageF = await otherVisitor();
    await signIn(pageF, fan, `/c/${DEMO}`);
    await pageF.getByRole('link', { name, exact: true }).click();
    await pageF.getByRole('heading', { level: 1, name }).waitFor();
    await pageF.getByText('この掲示板は運営からのお知らせ用です。スレッドを立てられるのは運営チームだけです。').waitFor();
    expect(await pageF.getByRole('button', { name: 'スレッドを立てる' }).count()).toBe(0);
  });

  it('pages through a long thread and follows a link to a post beyond the first page', async () => {
    const { page, servers } = suite;
    const manager = await joinDemo(servers.apiUrl, servers.manager);
    const thread = await startThread(manager, '雑談', '長いスレッド', '1番目の投稿');
    for (let seq = 2; seq <= 25; seq += 1) {
      const body = seq === 25 ? '最後の投稿です。蛍がきれいでした。' : `${seq}番目の投稿`;
      const { response } = await manager.POST('/api/v1/threads/{threadId}/posts', { params: { path: { threadId: thread.id } }, body: { body } });
      expect(response.status).toBe(201);
    }

    await open(page, threadPath(thread.id));
    const posts = page.locator('.posts > li');
    expect(await posts.count()).toBe(20);
    await page.getByRole('button', { name: '続きを表示' }).click();
    await page.locator('#post-25').waitFor();
    expect(await posts.count()).toBe(25);
    expect(await page.getByRole('button', { name: '続きを表示' }).count()).toBe(0);

    await open(page, `/c/${DEMO}/search?q=${encodeURIComponent('蛍')}`);
    await page.locator('.search-results').getByRole('link', { name: '長いスレッド' }).click();
    await page.waitForURL((url) => url.hash === '#post-25');
    await page.locator('#post-25').getByText('最後の投稿です。蛍がきれいでした。').waitFor();
    await page.waitForFunction(() => {
      const box = document.getElementById('post-25')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
  });

  /** No script, handler or javascript: link made it into the page, and none ran. */
  async function expectInert(page: Page): Promise<void> {
    expect(await page.locator('main script, .post-body script').count()).toBe(0);
    expect(await page.locator('[onerror], [onload], [onclick]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  }
});
