import { resolveColumns } from './fields';
import { parseContactRow, parseOrderRow } from './rows';
import { parseAmount, parseConsent, parseDate, parseEmail, parseInstant } from './values';

describe('CSV values', () => {
  it.each([
    ['1,234', 'JPY', 1234],
    ['¥1,234', 'JPY', 1234],
    ['1234円', 'JPY', 1234],
    ['12.50', 'USD', 1250],
    ['$12.5', 'USD', 1250],
    ['0', 'USD', 0],
    ['１２００', 'JPY', 1200],
  ])('amount %s %s → %i minor units', (raw, currency, minor) => {
    expect(parseAmount(raw, currency)).toBe(minor);
  });

  it.each([['12.50', 'JPY'], ['abc', 'JPY'], ['1.234', 'USD'], ['', 'JPY'], ['1', 'XYZW']])('refuses amount %s %s', (raw, currency) => {
    expect(() => parseAmount(raw, currency)).toThrow();
  });

  it.each([
    ['2026-01-31', '2026-01-31'],
    ['2026/1/5', '2026-01-05'],
    ['20260131', '2026-01-31'],
    ['', null],
  ])('date %s → %s', (raw, date) => {
    expect(parseDate(raw)).toBe(date);
  });

  it.each(['2026-02-30', '31/01/2026', 'yesterday'])('refuses date %s', (raw) => {
    expect(() => parseDate(raw)).toThrow();
  });

  it.each([
    ['2026-01-31 10:00', 'Asia/Tokyo', '2026-01-31T01:00:00.000Z'],
    ['2026-01-31T10:00:00+09:00', 'UTC', '2026-01-31T01:00:00.000Z'],
    ['2026-01-31 10:00:00 -0500', 'Asia/Tokyo', '2026-01-31T15:00:00.000Z'],
    ['2026/07/01', 'America/New_York', '2026-07-01T04:00:00.000Z'],
    ['2026-01-31T10:00:00Z', 'Asia/Tokyo', '2026-01-31T10:00:00.000Z'],
    // Either side of daylight-saving changes, twice within an hour (offsets are remembered per hour).
    ['2026-03-08 01:59', 'America/New_York', '2026-03-08T06:59:00.000Z'],
    ['2026-03-08 01:30', 'America/New_York', '2026-03-08T06:30:00.000Z'],
    ['2026-03-08 03:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-11-01 00:30', 'America/New_York', '2026-11-01T04:30:00.000Z'],
    ['2026-11-01 03:00', 'America/New_York', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01 03:10', 'America/New_York', '2026-11-01T08:10:00.000Z'],
    ['2026-01-01 00:00', 'Asia/Kathmandu', '2025-12-31T18:15:00.000Z'],
  ])('instant %s in %s → %s', (raw, zone, iso) => {
    expect(parseInstant(raw, zone).toISOString()).toBe(iso);
  });

  it.each([
    ['yes', true],
    ['TRUE', true],
    ['同意', true],
    ['no', false],
    ['unsubscribed', false],
    ['', undefined],
  ])('consent %s → %s', (raw, value) => {
    expect(parseConsent(raw)).toBe(value);
  });

  it('normalises emails and refuses non-emails', () => {
    expect(parseEmail(' Sakura@Example.COM ')).toBe('sakura@example.com');
    expect(parseEmail('ｓａｋｕｒａ@example.com')).toBe('sakura@example.com');
    expect(() => parseEmail('not-an-email')).toThrow();
  });
});

describe('CSV columns', () => {
  it('recognises Shopify, HubSpot and Salesforce headers', () => {
    const shopify = resolveColumns('contacts', ['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Company']);
    expect([...shopify.fields.values()]).toEqual(['externalId', 'givenName', 'familyName', 'email', 'consentEmail']);
    expect(shopify.unmapped).toEqual(['Company']);
    expect(shopify.missing).toEqual([]);
    const hubspot = resolveColumns('contacts', ['Record ID', 'First Name', 'Last Name', 'Email', 'email_opt_in']);
    expect([...hubspot.fields.values()]).toEqual(['externalId', 'givenName', 'familyName', 'email', 'consentEmail']);
    const salesforce = resolveColumns('contacts', ['Contact ID', 'FirstName', 'LastName', 'Email', 'HasOptedOutOfEmail', 'MailingState']);
    expect([...salesforce.fields.values()]).toEqual(['externalId', 'givenName', 'familyName', 'email', 'emailOptOut', 'region']);
    const japanese = resolveColumns('contacts', ['顧客ID', '姓', '名', 'セイ', 'メイ', 'メールアドレス', '都道府県', '生年月日']);
    expect(japanese.missing).toEqual([]);
    expect(japanese.unmapped).toEqual([]);
  });

  it('uses a saved mapping first, and reports what a file lacks', () => {
    const mapped = resolveColumns('contacts', ['会員ID', 'お名前', '備考'], { 会員ID: 'externalId', 備考: 'ignore' });
    expect([...mapped.fields.entries()]).toEqual([[0, 'externalId']]);
    expect(mapped.unmapped).toEqual(['お名前']);
    expect(resolveColumns('orders', ['Name', 'Total']).missing).toEqual(['contactExternalId or email', 'purchasedAt']);
    expect(resolveColumns('contacts', ['Email', 'email']).duplicates).toEqual(['email']);
  });

  it('reads a contact row, naming each bad field', () => {
    const header = ['Customer ID', 'Email', 'Birthday', 'Accepts Email Marketing', 'Company'];
    const { fields } = resolveColumns('contacts', header);
    expect(parseContactRow(['C1', 'A@Example.com', '1990/4/1', 'yes', '絆商事'], fields, header)).toEqual({
      ok: true,
      value: { externalId: 'C1', fields: { email: 'a@example.com', birthDate: '1990-04-01' }, consent: { email: true }, attributes: { Company: '絆商事' } },
    });
    const bad = parseContactRow(['', 'nope', '1990-13-01', 'maybe', ''], fields, header);
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['externalId', 'email', 'birthDate', 'consentEmail']);
  });

  it('reads an order row with its line item, in the community time zone', () => {
    const header = ['Name', 'Email', 'Created at', 'Total', 'Currency', 'Lineitem sku', 'Lineitem name', 'Lineitem quantity', 'Lineitem price'];
    const { fields } = resolveColumns('orders', header);
    const row = parseOrderRow(['#1001', 'a@example.com', '2026-01-31 10:00', '3,300', 'JPY', 'TEE-01', 'Tシャツ', '1', '3300'], fields, header, { currency: 'JPY', timeZone: 'Asia/Tokyo' });
    expect(row).toEqual({
      ok: true,
      value: {
        externalId: '#1001',
        contactExternalId: null,
        email: 'a@example.com',
        purchasedAt: new Date('2026-01-31T01:00:00Z'),
        amount: 3300,
        currency: 'JPY',
        channel: '',
        item: { sku: 'TEE-01', name: 'Tシャツ', quantity: 1, unitPrice: 3300 },
      },
    });
    const bad = parseOrderRow(['', '', 'soon', '-5', 'JPY', '', '', '', ''], fields, header, { currency: 'JPY', timeZone: 'Asia/Tokyo' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['externalId', 'contactExternalId', 'purchasedAt', 'amount']);
  });
});
