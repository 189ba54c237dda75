import { api, authorizedFetch } from './api';
import type { ContactSummary, RfmSegment } from './crm';
import { crmPath, formatCount, RFM_SEGMENTS, segmentLabel } from './crm';
import { type ApiFailure, NETWORK_FAILURE, toFailure } from './errors';
import type { I18n } from './i18n/index.svelte';
import type { MessageKey } from './i18n/ja';

/**
 * Segments of customer records: saved rules (`{ match, conditions }`), their members and their
 * export for a marketing channel. The rule's shape is typed here (docs/crm-api.md): the
 * generated client only knows "an object".
 */

export type SegmentMatch = 'all' | 'any';
export type ConditionValue = string | number | boolean | string[];

export interface SegmentCondition {
  field: string;
  op: string;
  value?: ConditionValue;
}

export interface SegmentRule {
  match: SegmentMatch;
  conditions: SegmentCondition[];
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  rule: SegmentRule;
  count: number;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentContactPage {
  items: ContactSummary[];
  nextCursor: string | null;
  count: number;
}

export interface ExportSummary {
  included: number;
  excluded: number;
}

/** `email`, `line`, `sms`: only contacts who consented; `internal`: everyone, not for marketing (owners and managers). */
export const EXPORT_CHANNELS = ['email', 'line', 'sms', 'internal'] as const;
export type ExportChannel = (typeof EXPORT_CHANNELS)[number];

export const SEGMENT_NAME_MAX = 80;
export const SEGMENT_DESCRIPTION_MAX = 500;
export const MAX_CONDITIONS = 20;
/** The live count waits for the manager to pause. */
export const PREVIEW_DELAY_MS = 400;

// ——— Fields, operators and values ———

export const FIELD_GROUPS = ['contact', 'consent', 'orders', 'predictive', 'community'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

export const OPS = ['eq', 'contains', 'isSet', 'notSet', 'is', 'gte', 'lte', 'lt', 'bought', 'in', 'has'] as const;
export type Op = (typeof OPS)[number];

/**
 * What the value input is: free text; a whole number; an amount (minor units; yen); days;
 * a probability (typed as a percentage, sent as 0..1); yes/no; several RFM segments or ranks;
 * one badge.
 */
export type ValueKind = 'text' | 'count' | 'money' | 'days' | 'probability' | 'boolean' | 'rfm' | 'ranks' | 'badge';

export interface FieldDef {
  /** The field as the API names it; `attribute` stands for `attribute:<name>`. */
  key: string;
  group: FieldGroup;
  ops: readonly Op[];
  value: ValueKind;
}

const TEXT_OPS: readonly Op[] = ['eq', 'contains', 'isSet', 'notSet'];
const RANGE_OPS: readonly Op[] = ['gte', 'lte'];

export const FIELDS: readonly FieldDef[] = [
  { key: 'region', group: 'contact', ops: TEXT_OPS, value: 'text' },
  { key: 'gender', group: 'contact', ops: TEXT_OPS, value: 'text' },
  { key: 'email', group: 'contact', ops: TEXT_OPS, value: 'text' },
  { key: 'customerNumber', group: 'contact', ops: TEXT_OPS, value: 'text' },
  { key: 'attribute', group: 'contact', ops: TEXT_OPS, value: 'text' },
  { key: 'consent.email', group: 'consent', ops: ['is'], value: 'boolean' },
  { key: 'consent.line', group: 'consent', ops: ['is'], value: 'boolean' },
  { key: 'consent.sms', group: 'consent', ops: ['is'], value: 'boolean' },
  { key: 'orders.count', group: 'orders', ops: RANGE_OPS, value: 'count' },
  { key: 'orders.spend', group: 'orders', ops: RANGE_OPS, value: 'money' },
  { key: 'orders.daysSinceLast', group: 'orders', ops: RANGE_OPS, value: 'days' },
  { key: 'orders.sku', group: 'orders', ops: ['bought'], value: 'text' },
  { key: 'rfm.segment', group: 'predictive', ops: ['in'], value: 'rfm' },
  { key: 'pAlive', group: 'predictive', ops: ['lt', 'gte'], value: 'probability' },
  { key: 'member.linked', group: 'community', ops: ['is'], value: 'boolean' },
  { key: 'member.rank', group: 'community', ops: ['in'], value: 'ranks' },
  { key: 'member.badge', group: 'community', ops: ['has'], value: 'badge' },
  { key: 'member.points', group: 'community', ops: RANGE_OPS, value: 'count' },
];

export const ATTRIBUTE_PREFIX = 'attribute:';

/** The definition of a condition's field (`attribute:会員ランク` is the attribute field). */
export function fieldDef(field: string): FieldDef | undefined {
  const key = field.startsWith(ATTRIBUTE_PREFIX) ? 'attribute' : field;
  return FIELDS.find((def) => def.key === key);
}

/** The message key of a field's label: `segment.field.orders.count` → 購入回数. */
export const fieldKey = (key: string): MessageKey => `crm.segment.field.${key}` as MessageKey;
export const opKey = (op: string): MessageKey => `crm.segment.op.${op}` as MessageKey;

/** The operators that take no value. */
export const valueless = (op: string): boolean => op === 'isSet' || op === 'notSet';

/**
 * A condition as the builder edits it: one slot per kind of value, so switching field or
 * operator keeps what was typed where it still fits.
 */
export interface DraftCondition {
  /** Stable across reorders, for Svelte's keyed each and the inputs' ids. */
  id: number;
  key: string;
  attribute: string;
  op: Op;
  text: string;
  number: number | null;
  bool: boolean;
  list: string[];
  badge: string;
}

let nextDraftId = 1;

export function newDraft(key = 'orders.count'): DraftCondition {
  const def = fieldDef(key) ?? FIELDS[0];
  return { id: nextDraftId++, key: def.key, attribute: '', op: def.ops[0], text: '', number: null, bool: true, list: [], badge: '' };
}

/** The draft for a field just chosen: its first operator, unless the current one fits it too. */
export function withField(draft: DraftCondition, key: string): DraftCondition {
  const def = fieldDef(key) ?? FIELDS[0];
  const op = def.ops.includes(draft.op) ? draft.op : def.ops[0];
  const sameKind = fieldDef(draft.key)?.value === def.value;
  return { ...draft, key: def.key, op, number: sameKind ? draft.number : null, list: sameKind ? draft.list : [] };
}

/** The builder's draft of a stored condition. */
export function toDraft(condition: SegmentCondition): DraftCondition {
  const def = fieldDef(condition.field);
  const draft = newDraft(def?.key ?? FIELDS[0].key);
  if (!def) return draft;
  if (def.key === 'attribute') draft.attribute = condition.field.slice(ATTRIBUTE_PREFIX.length);
  draft.op = def.ops.includes(condition.op as Op) ? (condition.op as Op) : def.ops[0];
  const value = condition.value;
  switch (def.value) {
    case 'text':
      draft.text = typeof value === 'string' ? value : '';
      break;
    case 'boolean':
      draft.bool = value !== false;
      break;
    case 'probability':
      draft.number = typeof value === 'number' ? Math.round(value * 1000) / 10 : null;
      break;
    case 'count':
    case 'money':
    case 'days':
      draft.number = typeof value === 'number' ? value : null;
      break;
    case 'rfm':
    case 'ranks':
      draft.list = Array.isArray(value) ? value.map(String) : [];
      break;
    case 'badge':
      draft.badge = typeof value === 'string' ? value : '';
      break;
  }
  return draft;
}

/** What is missing or wrong in a draft (`attribute` or `value`), before asking the API. */
export function draftProblem(draft: DraftCondition): 'attribute' | 'value' | null {
  const def = fieldDef(draft.key);
  if (!def) return 'value';
  if (def.key === 'attribute' && !draft.attribute.trim()) return 'attribute';
  if (valueless(draft.op)) return null;
  switch (def.value) {
    case 'text':
      return draft.text.trim() ? null : 'value';
    case 'boolean':
      return null;
    case 'count':
    case 'days':
      return Number.isInteger(draft.number) && draft.number! >= 0 ? null : 'value';
    case 'money':
      return typeof draft.number === 'number' && Number.isFinite(draft.number) && draft.number >= 0 ? null : 'value';
    case 'probability':
      return typeof draft.number === 'number' && draft.number >= 0 && draft.number <= 100 ? null : 'value';
    case 'rfm':
    case 'ranks':
      return draft.list.length > 0 ? null : 'value';
    case 'badge':
      return draft.badge ? null : 'value';
  }
}

/** The condition the API takes for a complete draft. */
export function toCondition(draft: DraftCondition): SegmentCondition {
  const def = fieldDef(draft.key) ?? FIELDS[0];
  const field = def.key === 'attribute' ? `${ATTRIBUTE_PREFIX}${draft.attribute.trim()}` : def.key;
  if (valueless(draft.op)) return { field, op: draft.op };
  switch (def.value) {
    case 'text':
      return { field, op: draft.op, value: draft.text.trim() };
    case 'boolean':
      return { field, op: draft.op, value: draft.bool };
    case 'probability':
      return { field, op: draft.op, value: Math.round((draft.number ?? 0) * 10) / 1000 };
    case 'money':
      return { field, op: draft.op, value: Math.round(draft.number ?? 0) };
    case 'count':
    case 'days':
      return { field, op: draft.op, value: draft.number ?? 0 };
    case 'rfm':
    case 'ranks':
      return { field, op: draft.op, value: [...draft.list] };
    case 'badge':
      return { field, op: draft.op, value: draft.badge };
  }
}

/**
 * A problem the API found in a rule (400 INVALID_SEGMENT or VALIDATION_FAILED), placed by its
 * path: `rule.conditions[2].value` → condition 2, `value`.
 */
export interface RuleProblem {
  index: number | null;
  part: string | null;
  message: string;
}

export function ruleProblems(failure: ApiFailure | null): RuleProblem[] {
  if (!failure) return [];
  const problems: RuleProblem[] = [];
  for (const [path, messages] of Object.entries(failure.fields)) {
    const match = /conditions\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (match) problems.push({ index: Number(match[1]), part: match[2] ?? null, message: messages.join(' ') });
    else if (/^(rule|rule\.\w+|match|conditions)$/.test(path)) problems.push({ index: null, part: path, message: messages.join(' ') });
  }
  return problems;
}

// ——— In words ———

export interface Lookup {
  ranks: readonly { key: string; name: { ja: string; en: string } }[];
  badges: readonly { id: string; icon: string; name: { ja: string; en: string } }[];
}

/** The name of the condition's field, as the builder shows it. */
export function fieldName(i18n: I18n, field: string): string {
  const def = fieldDef(field);
  if (!def) return field;
  if (def.key === 'attribute') return i18n.t('crm.segment.attributeNamed', { name: field.slice(ATTRIBUTE_PREFIX.length) });
  return i18n.t(fieldKey(def.key));
}

/** A condition's value in words: "チャンピオン、ロイヤル顧客", "¥10,000", "同意している". */
export function valueText(i18n: I18n, condition: SegmentCondition, lookup: Lookup): string {
  const def = fieldDef(condition.field);
  const value = condition.value;
  if (!def || value === undefined) return '';
  const lang = i18n.lang;
  switch (def.value) {
    case 'text':
      return lang === 'en' ? `“${String(value)}”` : `「${String(value)}」`;
    case 'boolean':
      return i18n.t(def.key === 'member.linked' ? (value ? 'crm.segment.linkedYes' : 'crm.segment.linkedNo') : value ? 'crm.segment.consentYes' : 'crm.segment.consentNo');
    case 'count':
      return formatCount(Number(value), lang);
    case 'money':
      return i18n.t('crm.segment.yen', { amount: formatCount(Number(value), lang) });
    case 'days':
      return i18n.t('crm.segment.days', { days: formatCount(Number(value), lang) });
    case 'probability':
      return `${Math.round(Number(value) * 1000) / 10}%`;
    case 'rfm':
      return i18n.formatList((Array.isArray(value) ? value : []).map((segment) => segmentLabel(i18n, segment)));
    case 'ranks':
      return i18n.formatList((Array.isArray(value) ? value : []).map((key) => lookup.ranks.find((rank) => rank.key === key)?.name[lang] ?? key));
    case 'badge': {
      const badge = lookup.badges.find((candidate) => candidate.id === value);
      return badge ? `${badge.icon} ${badge.name[lang]}` : String(value);
    }
  }
}

/** One condition in words: "購入回数が3以上", "地域に「東京」を含む". */
export function describeCondition(i18n: I18n, condition: SegmentCondition, lookup: Lookup): string {
  const params = { field: fieldName(i18n, condition.field), value: valueText(i18n, condition, lookup) };
  return (OPS as readonly string[]).includes(condition.op) ? i18n.t(`crm.segment.say.${condition.op as Op}`, params) : `${params.field} ${condition.op} ${params.value}`;
}

/** A whole rule in words, its conditions joined by "かつ" / "または". */
export function describeRule(i18n: I18n, rule: SegmentRule, lookup: Lookup): string {
  if (rule.conditions.length === 0) return i18n.t('crm.segment.everyone');
  return rule.conditions.map((condition) => describeCondition(i18n, condition, lookup)).join(i18n.t(rule.match === 'any' ? 'crm.segment.or' : 'crm.segment.and'));
}

// ——— Calls ———

/** The typed client: `api` in the browser, `loadApi(event)` in a load function. */
type Client = typeof api;

export type Result<T> = { data: T; failure: null } | { data: null; failure: ApiFailure };

/** An answer of the typed client as data or failure (the network failing is a failure too). */
async function settle<T>(request: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    const { data, error, response } = await request;
    if (!response.ok) return { data: null, failure: toFailure(error, response) };
    return { data: (data ?? null) as T, failure: null };
  } catch {
    return { data: null, failure: NETWORK_FAILURE };
  }
}

/** A rule as the request bodies type it (the generated schema only knows "an object"). */
const ruleBody = (rule: SegmentRule) => rule as unknown as Record<string, never>;

export const segmentsApi = {
  list: (slug: string, client: Client = api) => settle<Segment[]>(client.GET('/api/v1/communities/{slug}/segments', { params: { path: { slug } } })),
  get: (slug: string, segmentId: string, client: Client = api) =>
    settle<Segment>(client.GET('/api/v1/communities/{slug}/segments/{segmentId}', { params: { path: { slug, segmentId } } })),
  create: (slug: string, body: { name: string; description?: string; rule: SegmentRule }) =>
    settle<Segment>(api.POST('/api/v1/communities/{slug}/segments', { params: { path: { slug } }, body: { ...body, rule: ruleBody(body.rule) } })),
  update: (slug: string, segmentId: string, body: { name?: string; description?: string; rule?: SegmentRule }) =>
    settle<Segment>(
      api.PATCH('/api/v1/communities/{slug}/segments/{segmentId}', {
        params: { path: { slug, segmentId } },
        body: { ...body, rule: body.rule && ruleBody(body.rule) },
      }),
    ),
  remove: (slug: string, segmentId: string) => settle<null>(api.DELETE('/api/v1/communities/{slug}/segments/{segmentId}', { params: { path: { slug, segmentId } } })),
  preview: (slug: string, rule: SegmentRule, signal?: AbortSignal) =>
    settle<{ count: number }>(api.POST('/api/v1/communities/{slug}/segments/preview', { params: { path: { slug } }, body: { rule: ruleBody(rule) }, signal })),
  contacts: (slug: string, segmentId: string, cursor?: string | null, client: Client = api) =>
    settle<SegmentContactPage>(
      client.GET('/api/v1/communities/{slug}/segments/{segmentId}/contacts', {
        params: { path: { slug, segmentId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  exportSummary: (slug: string, segmentId: string, channel: Exclude<ExportChannel, 'internal'>) =>
    settle<ExportSummary>(api.GET('/api/v1/communities/{slug}/segments/{segmentId}/export-summary', { params: { path: { slug, segmentId }, query: { channel } } })),
  /** The export itself: a CSV response to save (`fetch`, since a link cannot send the token). */
  exportFile: (slug: string, segmentId: string, channel: ExportChannel) =>
    authorizedFetch(
      `/api/v1/communities/${encodeURIComponent(slug)}/segments/${encodeURIComponent(segmentId)}/export${channel === 'internal' ? '' : `?${new URLSearchParams({ channel })}`}`,
    ),
};

export const segmentsPath = (slug: string): string => crmPath(slug, '/segments');

/** The RFM segments as the builder offers them. */
export const RFM_CHOICES: readonly RfmSegment[] = RFM_SEGMENTS;

/** A message for the next segment page shown ("created"), said once. */
let flash = '';
export const setFlash = (message: string): void => {
  flash = message;
};
export const takeFlash = (): string => {
  const message = flash;
  flash = '';
  return message;
};
