/** Parsing of the values found in CSV exports: dates, amounts, consent flags, emails. Pure. */

export class ValueError extends Error {}

const CONSENT_YES = new Set(['true', 'yes', 'y', '1', 'subscribed', 'opted in', 'opt in', 'opted_in', 'granted', 'はい', '同意', '同意する', '希望する', '可', '○']);
const CONSENT_NO = new Set(['false', 'no', 'n', '0', 'unsubscribed', 'not subscribed', 'opted out', 'opted_out', 'denied', 'いいえ', '拒否', '同意しない', '希望しない', '不可', '×']);

/** A consent cell: true, false, or undefined when empty (no change). */
export function parseConsent(raw: string): boolean | undefined {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  if (value === '') return undefined;
  if (CONSENT_YES.has(value)) return true;
  if (CONSENT_NO.has(value)) return false;
  throw new ValueError(`"${raw}" is not a yes/no value`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalised like account emails (NFKC, trimmed, lower case); null when empty. */
export function parseEmail(raw: string): string | null {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  if (value === '') return null;
  if (!EMAIL.test(value) || value.length > 254) throw new ValueError(`"${raw}" is not an email address`);
  return value;
}

/** YYYY-MM-DD from 2026-01-31, 2026/1/31 or 20260131; null when empty. */
export function parseDate(raw: string): string | null {
  const value = raw.normalize('NFKC').trim();
  if (value === '') return null;
  const match = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(value);
  if (!match) throw new ValueError(`"${raw}" is not a date (YYYY-MM-DD)`);
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) throw new ValueError(`"${raw}" is not a real date`);
  return `${y.toString().padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Formatters are costly to build and imports parse millions of dates: one per zone. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
const digitsByCurrency = new Map<string, number>();
const HOUR_MS = 3_600_000;
/** Offsets by zone and UTC hour: formatting is the costly part of reading a date, and orders cluster in hours. */
const hourOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 100_000;

/** Minutes east of UTC that a time zone is at an instant. */
function formattedOffset(timeZone: string, at: number): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((local - at) / 60_000);
}

/** `formattedOffset`, remembered per hour that has one offset throughout (an hour with a transition is never cached). */
function offsetMinutes(timeZone: string, at: Date): number {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  let hours = hourOffsets.get(timeZone);
  const known = hours?.get(hour);
  if (known !== undefined) return known;
  const offset = formattedOffset(timeZone, at.getTime());
  if (formattedOffset(timeZone, hour * HOUR_MS) === offset && formattedOffset(timeZone, (hour + 1) * HOUR_MS - 1) === offset) {
    if (!hours || hours.size >= MAX_CACHED_HOURS) hourOffsets.set(timeZone, (hours = new Map()));
    hours.set(hour, offset);
  }
  return offset;
}

/**
 * An instant from a date or date-time cell. With an offset (`Z`, `+09:00`, `+0900`) it is taken as
 * written; without one, as wall-clock time in `timeZone` (the community's).
 */
export function parseInstant(raw: string, timeZone: string): Date {
  const value = raw.normalize('NFKC').trim();
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (!match) throw new ValueError(`"${raw}" is not a date and time`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) throw new ValueError(`"${raw}" is not a real date and time`);
  if (zone) {
    const sign = zone.toUpperCase() === 'Z' ? 0 : zone.startsWith('-') ? -1 : 1;
    const digits = zone.replace(/[^0-9]/g, '');
    const minutes = sign === 0 ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return new Date(wall - minutes * 60_000);
  }
  // Wall-clock time in the zone: correct the guess by the zone's offset at that moment (twice, for DST edges).
  let at = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
  at = wall - offsetMinutes(timeZone, new Date(at)) * 60_000;
  return new Date(at);
}

/** Digits after the decimal point of a currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  const known = digitsByCurrency.get(currency);
  if (known !== undefined) return known;
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
    return digits;
  } catch {
    throw new ValueError(`"${currency}" is not an ISO 4217 currency code`);
  }
}

/** An amount in minor units: "¥1,234" → 1234 (JPY), "$12.50" → 1250 (USD). */
export function parseAmount(raw: string, currency: string): number {
  const value = raw.normalize('NFKC').trim().replace(/[,\s]/g, '').replace(/^[¥$€£円]|円$/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new ValueError(`"${raw}" is not an amount`);
  const digits = currencyDigits(currency);
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  if (fraction.length > digits) throw new ValueError(`"${raw}" has more decimals than ${currency} allows (${digits})`);
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new ValueError(`"${raw}" is too large`);
  return value.startsWith('-') ? -minor : minor;
}

/** A positive whole number (quantities). */
export function parseQuantity(raw: string): number {
  const value = raw.normalize('NFKC').trim();
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new ValueError(`"${raw}" is not a quantity`);
  return Number(value);
}
