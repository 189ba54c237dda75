import type { ContactFields } from '../contact-fields';
import type { ConsentChannel } from '../contact.entity';
import type { LineItem } from '../order.entity';
import { parseAmount, parseConsent, parseDate, parseEmail, parseInstant, parseQuantity, ValueError } from './values';

/** A contact as one CSV row describes it: only the fields the file has. */
export interface ContactRow {
  externalId: string;
  fields: Partial<ContactFields>;
  consent: Partial<Record<ConsentChannel, boolean>>;
  attributes: Record<string, string>;
}

export interface OrderRow {
  externalId: string;
  contactExternalId: string | null;
  email: string | null;
  purchasedAt: Date;
  amount: number;
  currency: string;
  channel: string;
  item: LineItem | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const MAX_TEXT = 200;

/** The cells of a row by field name, and the others by header. */
function cellsOf(cells: readonly string[], fields: ReadonlyMap<number, string>, header: readonly string[]) {
  const byField = new Map<string, string>();
  const others: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const field = fields.get(i);
    if (field) byField.set(field, cell);
    else if (header[i] !== undefined && cell.trim() !== '') others[header[i]] = cell.trim();
  });
  return { byField, others };
}

function collect<T>(problems: FieldProblem[], field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    problems.push({ field, message: error.message });
    return undefined;
  }
}

/**
 * Free text as written (NFC: names keep characters like 髙 and ①); ids, kana and codes are
 * NFKC-normalised (full-width digits and half-width kana become the usual forms).
 */
const text = (raw: string, field: string, form: 'NFC' | 'NFKC' = 'NFC'): string => {
  const value = raw.normalize(form).trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) throw new ValueError(`${field} contains control characters`);
  if (value.length > MAX_TEXT) throw new ValueError(`${field} is longer than ${MAX_TEXT} characters`);
  return value;
};

/** Reads one contact row; unknown columns become custom attributes. */
export function parseContactRow(cells: readonly string[], fields: ReadonlyMap<number, string>, header: readonly string[]): Parsed<ContactRow> {
  const { byField, others } = cellsOf(cells, fields, header);
  const problems: FieldProblem[] = [];
  const externalId = collect(problems, 'externalId', () => text(byField.get('externalId') ?? '', 'externalId', 'NFKC'));
  if (externalId === '') problems.push({ field: 'externalId', message: 'externalId is empty' });
  const row: ContactRow = { externalId: externalId ?? '', fields: {}, consent: {}, attributes: {} };
  const optional = (field: keyof ContactRow['fields'], parse: (raw: string) => string | null) => {
    const raw = byField.get(field);
    if (raw === undefined) return;
    const value = collect(problems, field, () => parse(raw));
    if (value !== undefined) (row.fields as Record<string, string | null>)[field] = value;
  };
  optional('email', parseEmail);
  for (const field of ['familyName', 'givenName'] as const) optional(field, (raw) => text(raw, field));
  for (const field of ['familyNameKana', 'givenNameKana'] as const) optional(field, (raw) => text(raw, field, 'NFKC'));
  for (const field of ['gender', 'region'] as const) optional(field, (raw) => text(raw, field) || null);
  for (const field of ['phone', 'customerNumber'] as const) optional(field, (raw) => text(raw, field, 'NFKC') || null);
  optional('birthDate', parseDate);
  const consent = (channel: ConsentChannel, field: string, invert = false) => {
    const raw = byField.get(field);
    if (raw === undefined) return;
    const value = collect(problems, field, () => parseConsent(raw));
    if (value !== undefined) row.consent[channel] = invert ? !value : value;
  };
  consent('email', 'consentEmail');
  consent('email', 'emailOptOut', true);
  consent('line', 'consentLine');
  consent('sms', 'consentSms');
  for (const [name, value] of Object.entries(others)) {
    const attribute = collect(problems, name, () => text(value, name));
    if (attribute !== undefined) row.attributes[name.normalize('NFKC').trim().slice(0, 60)] = attribute;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: row };
}

/** Reads one order row (one line item of it, in Shopify-style exports). */
export function parseOrderRow(
  cells: readonly string[],
  fields: ReadonlyMap<number, string>,
  header: readonly string[],
  defaults: { currency: string; timeZone: string },
  /** A further line item of the order on the row before: only its item fields count. */
  continuation = false,
): Parsed<OrderRow> {
  const { byField } = cellsOf(cells, fields, header);
  const problems: FieldProblem[] = [];
  const get = (field: string) => (byField.get(field) ?? '').normalize('NFKC').trim();
  const externalId = get('externalId');
  if (!externalId) problems.push({ field: 'externalId', message: 'externalId is empty' });
  if (continuation) return parseContinuation(externalId, get, problems, defaults.currency);
  const contactExternalId = get('contactExternalId') || null;
  const email = collect(problems, 'email', () => parseEmail(get('email')));
  if (!contactExternalId && !email && !problems.some((p) => p.field === 'email')) problems.push({ field: 'contactExternalId', message: 'a customer id or an email is needed' });
  const currency = (get('currency') || defaults.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: 'currency', message: `"${currency}" is not an ISO 4217 currency code` });
  const purchasedAt = collect(problems, 'purchasedAt', () => parseInstant(get('purchasedAt'), defaults.timeZone));
  const amount = collect(problems, 'amount', () => parseAmount(get('amount'), currency));
  if (amount !== undefined && amount < 0) problems.push({ field: 'amount', message: 'amount must not be negative' });
  const item = lineItem(get, problems, currency);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { externalId, contactExternalId, email: email ?? null, purchasedAt: purchasedAt!, amount: amount!, currency, channel: get('channel').slice(0, 60), item } };
}

function lineItem(get: (field: string) => string, problems: FieldProblem[], currency: string): LineItem | null {
  let item: LineItem | null = null;
  const sku = get('sku');
  const itemName = get('itemName');
  if (sku || itemName) {
    const quantity = get('quantity') ? collect(problems, 'quantity', () => parseQuantity(get('quantity'))) : 1;
    const unitPrice = get('unitPrice') ? collect(problems, 'unitPrice', () => parseAmount(get('unitPrice'), currency)) : 0;
    if (sku.length > 100) problems.push({ field: 'sku', message: 'sku is longer than 100 characters' });
    if (quantity !== undefined && unitPrice !== undefined) item = { sku, name: itemName.slice(0, MAX_TEXT), quantity, unitPrice };
  }
  return item;
}

function parseContinuation(externalId: string, get: (field: string) => string, problems: FieldProblem[], defaultCurrency: string): Parsed<OrderRow> {
  const currency = (get('currency') || defaultCurrency).toUpperCase();
  const item = /^[A-Z]{3}$/.test(currency) ? lineItem(get, problems, currency) : null;
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { externalId, contactExternalId: null, email: null, purchasedAt: new Date(0), amount: 0, currency, channel: '', item } };
}
