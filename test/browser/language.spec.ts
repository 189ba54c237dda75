import { appRunning, describeWithBrowser, open, useBrowserSuite } from './support/browser';

describeWithBrowser('choosing the language in the browser', () => {
  const suite = useBrowserSuite();

  it('switches to English without a reload and keeps it after one', async () => {
    const { page, context } = suite;
    await open(page, '/c/kizuna-fans');
    await page.getByRole('heading', { level: 2, name: '掲示板' }).waitFor();
    // A full page load would lose this marker: the switch must happen in place.
    await page.evaluate(() => Object.assign(window, { samePage: true }));

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Boards' }).waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => 'samePage' in window)).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('絆ファンコミュニティ | 絆 Kizuna');

    await page.reload();
    await appRunning(page);
    await page.getByRole('heading', { level: 2, name: 'Boards' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('dt').allTextContents()).toEqual(['Members']);
    expect((await context.cookies()).find((cookie) => cookie.name === 'lang')?.value).toBe('en');

    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 2, name: '掲示板' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  });

  it('shows form errors in English after switching', async () => {
    const { page } = suite;
    await open(page, '/signin');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByLabel('Password').fill('whatever');
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter a valid email address.').waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
  });
});
