import type { Schemas } from '@kizuna/api-client';
import { ANALYTICS_ROLES, type Role } from '@kizuna/contracts';
import { type ApiFailure, toFailure } from './errors';
import type { I18n } from './i18n/index.svelte';
import type { MessageKey } from './i18n/ja';

/** The CRM in the manager console: customer records, imports, segments (owners and managers write; analysts read). */

export type ContactSummary = Schemas['ContactSummaryResponse'];
export type ContactDetail = Schemas['ContactDetailResponse'];
export type ImportJob = Schemas['ImportResponse'];
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];
export type RowError = Schemas['RowErrorResponse'];
export type Consent = Schemas['ConsentResponse'];

export const IMPORT_KINDS: readonly ImportKind[] = ['contacts', 'orders'];
export const CONSENT_CHANNELS = ['email', 'line', 'sms'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** The RFM segments, best first (as libs/engagement/src/rfm.ts maps scores to them). */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potentialLoyalist',
  'newCustomers',
  'promising',
  'needAttention',
  'aboutToSleep',
  'cannotLose',
  'atRisk',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The contact fields an import fills, in the order a manager reads them. */
export const CONTACT_FIELDS = [
  'externalId',
  'email',
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'phone',
  'birthDate',
  'gender',
  'region',
  'customerNumber',
  'consentEmail',
  'emailOptOut',
  'consentLine',
  'consentSms',
] as const;
export const ORDER_FIELDS = ['externalId', 'contactExternalId', 'email', 'purchasedAt', 'amount', 'currency', 'sku', 'itemName', 'quantity', 'unitPrice', 'channel'] as const;

/** How often the import page asks for a running import's progress when the live event is late (or goes to someone else). */
export const IMPORT_POLL_MS = 2000;
/** Customer records asked for at a time. */
export const CONTACTS_PAGE_SIZE = 50;
/** Row errors shown on the page; all the API kept (the first 1,000) are in the CSV download. */
export const ERRORS_SHOWN = 50;

/** Whether this role may read the CRM (owners, managers, analysts). */
export const canReadCrm = (role: Role | null | undefined): boolean => ANALYTICS_ROLES.includes(role as Role);

export const crmPath = (slug: string, rest = ''): string => `/c/${encodeURIComponent(slug)}/manage/crm${rest}`;
export const contactPath = (slug: string, contactId: string): string => crmPath(slug, `/contacts/${encodeURIComponent(contactId)}`);
export const segmentPath = (slug: string, segmentId: string): string => crmPath(slug, `/segments/${encodeURIComponent(segmentId)}`);

type Named = Pick<ContactSummary, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'email' | 'externalId'>;

/** A customer's name as a Japanese shop writes it (family name first), else their email, else their id. */
export function contactName(contact: Named): string {
  const name = [contact.familyName, contact.givenName].filter((part) => part.trim()).join(' ');
  return name || contact.email || contact.externalId;
}

/** The reading of the name in kana, or '' when the file had none. */
export const contactKana = (contact: Named): string => [contact.familyNameKana, contact.givenNameKana].filter((part) => part.trim()).join(' ');

/** A label for an RFM segment key; the key itself for one this console does not know. */
export function segmentLabel(i18n: I18n, segment: string): string {
  return (RFM_SEGMENTS as readonly string[]).includes(segment) ? i18n.t(`crm.rfm.${segment as RfmSegment}`) : segment;
}

/** The name of an import field ("顧客ID（externalId）"), or the name itself for one this console does not know. */
export function fieldLabel(i18n: I18n, kind: ImportKind, field: string): string {
  const known: readonly string[] = kind === 'contacts' ? CONTACT_FIELDS : ORDER_FIELDS;
  if (!known.includes(field)) return field;
  return i18n.t('crm.import.fieldNamed', { label: i18n.t(`crm.field.${kind}.${field}` as MessageKey), field });
}

/** Failure codes of the CRM pages, in words. */
const CODE_MESSAGES: Record<string, MessageKey> = {
  FILE_REQUIRED: 'crm.error.FILE_REQUIRED',
  EMPTY_FILE: 'crm.error.EMPTY_FILE',
  NOT_CSV: 'crm.error.NOT_CSV',
  CONTACT_LINKED: 'crm.error.CONTACT_LINKED',
  MEMBER_LINKED: 'crm.error.MEMBER_LINKED',
  INVALID_SEGMENT: 'crm.error.INVALID_SEGMENT',
  FORBIDDEN: 'crm.error.FORBIDDEN',
};

/**
 * A failure of the CRM pages in words. The import's file checks name what is wrong in the API's
 * message ("The file lacks columns for: externalId, amount"): the columns are shown as they are.
 */
export function crmFailure(i18n: I18n, failure: ApiFailure, kind: ImportKind = 'contacts'): string {
  const detail = failure.message.includes(':') ? failure.message.slice(failure.message.indexOf(':') + 1).trim() : '';
  if (failure.code === 'MISSING_COLUMNS') {
    const groups = detail
      .split(/,\s*/)
      .filter(Boolean)
      .map((group) => group.split(' or ').map((field) => fieldLabel(i18n, kind, field.trim())).join(i18n.t('crm.import.or')));
    return i18n.t('crm.error.MISSING_COLUMNS', { columns: groups.length ? i18n.formatList(groups) : '—' });
  }
  if (failure.code === 'DUPLICATE_COLUMNS') return i18n.t('crm.error.DUPLICATE_COLUMNS', { columns: detail || '—' });
  const key = CODE_MESSAGES[failure.code];
  if (key) return i18n.t(key);
  if (failure.code === 'NOT_FOUND' || failure.status === 404) return i18n.t('crm.error.NOT_FOUND');
  return i18n.failureMessage(failure);
}

/** The failure in a response `fetch` got (the typed client does this for its own calls). */
export async function failureOf(response: Response): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's page or nothing: the status says enough.
  }
  return toFailure(body, response);
}

/** Amounts in minor units, as the currency writes them (¥12,000; $25.00). */
export function formatMoney(minor: number, currency: string, lang: string): string {
  try {
    const format = new Intl.NumberFormat(lang, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 0;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor.toLocaleString(lang)} ${currency}`;
  }
}

/** Whole numbers with the language's grouping ("3,000"). */
export const formatCount = (value: number, lang: string): string => new Intl.NumberFormat(lang).format(value);

/**
 * A cell as Excel reads it: quoted when needed; text that Excel would take for a formula
 * (`=`, `+`, `-`, `@` first) starts with an apostrophe instead.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text with a UTF-8 byte-order mark, so Excel in Japan opens it as UTF-8 rather than Shift_JIS. */
export function toCsv(rows: (string | number | null)[][]): string {
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** An import's row errors as a CSV file to fix the source file with. */
export function errorsCsv(i18n: I18n, errors: readonly RowError[]): Blob {
  const header = [i18n.t('crm.import.errorLine'), i18n.t('crm.import.errorField'), i18n.t('crm.import.errorMessage')];
  const rows = errors.map((error) => [error.line, error.field, error.message]);
  return new Blob([toCsv([header, ...rows])], { type: 'text/csv;charset=utf-8' });
}

/** The file name a `Content-Disposition` header gives (RFC 6266: `filename*` first), or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"(.*)"$/, '$1'));
    } catch {
      // Badly encoded: try the plain name.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(disposition);
  if (plain) return (plain[2] ?? plain[1]).replace(/\\(.)/g, '$1').trim() || fallback;
  return fallback;
}

/** Saves `blob` as a download named `filename` (what a link with `download` does, for a body fetched with a token). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Whether an import is still going (its numbers will change). */
export const isRunning = (status: string): boolean => status === 'queued' || status === 'running';

/** A calendar month key ("2025-04") of a moment in a time zone. */
export function monthOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(iso)).slice(0, 7);
}

/**
 * Spend per calendar month in one currency, over the `months` months up to the latest order
 * (empty months included, so the bars are to scale in time).
 */
export function spendByMonth(orders: readonly { purchasedAt: string; amount: number; currency: string }[], currency: string, timeZone: string, months = 12): { month: string; spend: number }[] {
  const mine = orders.filter((order) => order.currency === currency);
  if (mine.length === 0) return [];
  const totals = new Map<string, number>();
  for (const order of mine) {
    const month = monthOf(order.purchasedAt, timeZone);
    totals.set(month, (totals.get(month) ?? 0) + order.amount);
  }
  const latest = [...totals.keys()].sort().at(-1)!;
  let [year, month] = latest.split('-').map(Number);
  const result: { month: string; spend: number }[] = [];
  for (let i = 0; i < months; i++) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    result.unshift({ month: key, spend: totals.get(key) ?? 0 });
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return result;
}
