import type { KizunaClient, Schemas } from '@kizuna/api-client';
import { ANALYTICS_ROLES, type Role } from '@kizuna/contracts';
import { type ApiFailure, NETWORK_FAILURE, toFailure } from './errors';
import type { Lang } from './i18n/index.svelte';

/**
 * The brand analytics dashboard (docs/analytics-api.md): owners, managers and analysts read it.
 * Every panel loads on its own, so one failing endpoint leaves the others standing.
 */

export const canReadAnalytics = (role: Role | null | undefined): boolean => ANALYTICS_ROLES.includes(role as Role);

// ——— What the API answers ———

export type Overview = Schemas['OverviewResponse'];
export type KpiKey = keyof Overview['kpis'];
export type Comparison = Schemas['ComparisonResponse'];
export type DaySeries = Schemas['DaySeriesResponse'];
export type CustomerValue = Schemas['CustomerValueResponse'];

export type Tiers = Schemas['TiersResponse'];
export type Tier = Schemas['TierCountResponse'];
export type EngagementRevenue = Schemas['EngagementRevenueResponse'];
export type TierRevenue = Schemas['TierRevenueResponse'];
export type AtRiskPage = Schemas['AtRiskPageResponse'];
export type AtRiskMember = Schemas['AtRiskResponse'];
export type AtRiskReason = AtRiskMember['reasons'][number];
export type Contributor = Schemas['ContributorResponse'];
export type BoardHealth = Schemas['BoardHealthResponse'];

export const RETENTION_BY = ['week', 'month', 'purchase'] as const satisfies readonly Schemas['RetentionResponse']['by'][];
export type RetentionBy = (typeof RETENTION_BY)[number];

/**
 * A cohort as the API sends it: the generated type says `number[] | null`, but it is the entries
 * that may be null (periods that have not begun by `to`), as docs/analytics-api.md says.
 */
export type Cohort = Omit<Schemas['CohortResponse'], 'active' | 'rates'> & { active: (number | null)[] | null; rates: (number | null)[] | null };
export type Retention = Omit<Schemas['RetentionResponse'], 'cohorts'> & { cohorts: Cohort[] };

// ——— Loading ———

/** One panel's answer: the data, or why there is none. */
export type Loaded<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

export interface DateRange {
  from: string;
  to: string;
}

/** What the typed client answers, whatever the path. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function settle<T>(request: Promise<Answer<T>>): Promise<Loaded<T>> {
  try {
    const { data, error, response } = await request;
    return data !== undefined ? { ok: true, data } : { ok: false, failure: toFailure(error, response) };
  } catch {
    return { ok: false, failure: NETWORK_FAILURE };
  }
}

/** The dashboard's calls, each settling to a `Loaded` (never throwing). */
export function analyticsApi(client: KizunaClient, slug: string) {
  const path = { slug };
  return {
    overview: (range: DateRange) => settle(client.GET('/api/v1/communities/{slug}/analytics/overview', { params: { path, query: range } })),
    customerValue: (range: DateRange) =>
      settle(client.GET('/api/v1/communities/{slug}/analytics/customer-value', { params: { path, query: { asOf: range.to, unit: 'week' } } })),
    tiers: (range: DateRange) => settle(client.GET('/api/v1/communities/{slug}/analytics/tiers', { params: { path, query: range } })),
    retention: (range: DateRange, by: RetentionBy): Promise<Loaded<Retention>> =>
      settle(client.GET('/api/v1/communities/{slug}/analytics/retention', { params: { path, query: { ...range, by } } })),
    engagementRevenue: (range: DateRange) => settle(client.GET('/api/v1/communities/{slug}/analytics/engagement-revenue', { params: { path, query: range } })),
    atRisk: (range: DateRange, page: { cursor?: string; limit?: number } = {}) =>
      settle(client.GET('/api/v1/communities/{slug}/analytics/at-risk', { params: { path, query: { ...range, ...page } } })),
    topContributors: (range: DateRange) => settle(client.GET('/api/v1/communities/{slug}/analytics/top-contributors', { params: { path, query: range } })),
    boards: (range: DateRange) => settle(client.GET('/api/v1/communities/{slug}/analytics/boards', { params: { path, query: range } })),
  };
}

/** How often today's tiles are refreshed while the tab is visible (the contract allows a 30 s poll). */
export const LIVE_POLL_MS = 30_000;

// ——— The date range ———

/** The API's longest period, in days. */
export const MAX_DAYS = 366;
export const DEFAULT_DAYS = 30;
export const PRESET_DAYS = [7, 30, 90] as const;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** Whether `day` is a real calendar day written YYYY-MM-DD. */
export const isDay = (day: string | null | undefined): day is string => typeof day === 'string' && ISO_DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && addDays(day, 0) === day;

/** Today in the community's time zone, as the API counts days. */
export const todayIn = (timeZone: string, now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The last `days` days up to today. */
export const lastDays = (days: number, timeZone: string): DateRange => {
  const to = todayIn(timeZone);
  return { from: addDays(to, -(days - 1)), to };
};

export type RangeProblem = 'required' | 'order' | 'tooLong';

/** What is wrong with a range the visitor typed, or null. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!isDay(from) || !isDay(to)) return 'required';
  const days = daysBetween(from, to);
  if (days < 1) return 'order';
  if (days > MAX_DAYS) return 'tooLong';
  return null;
}

/**
 * The range a `?from=&to=` asks for; the last 30 days when missing. `invalid` when the URL asked
 * for something the API would refuse (then the default is shown instead).
 */
export function parseRange(from: string | null, to: string | null, timeZone: string): DateRange & { invalid: boolean } {
  if (from === null && to === null) return { ...lastDays(DEFAULT_DAYS, timeZone), invalid: false };
  const end = to ?? todayIn(timeZone);
  const start = from ?? (isDay(end) ? addDays(end, -(DEFAULT_DAYS - 1)) : '');
  if (rangeProblem(start, end)) return { ...lastDays(DEFAULT_DAYS, timeZone), invalid: true };
  return { from: start, to: end, invalid: false };
}

/** Which preset the range is, if any (the last 7, 30 or 90 days up to today). */
export function presetOf(range: DateRange, timeZone: string): number | null {
  if (range.to !== todayIn(timeZone)) return null;
  return PRESET_DAYS.find((days) => daysBetween(range.from, range.to) === days) ?? null;
}

// ——— Numbers in the page's language ———

export const formatNumber = (value: number, lang: Lang, digits = 0): string => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);

/** A share (0.123) as a percentage ("12.3%"). */
export const formatPercent = (ratio: number, lang: Lang, digits = 1): string => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(ratio);

/** A change rate with its sign ("+12%", "−3.5%", "0%"). */
export const formatChange = (rate: number, lang: Lang): string =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(rate);

/** A duration given in minutes, in the unit that reads best: "45分", "2.5時間", "3日". */
export function formatMinutes(minutes: number, lang: Lang): string {
  const unit = (value: number, name: 'minute' | 'hour' | 'day', digits: number) =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  if (minutes < 60) return unit(minutes, 'minute', minutes < 10 ? 1 : 0);
  if (minutes < 48 * 60) return unit(minutes / 60, 'hour', 1);
  return unit(minutes / 1440, 'day', 1);
}

/** The fraction digits of a currency (JPY 0, USD 2), for amounts the API gives in minor units. */
export function currencyDigits(currency: string, lang: Lang): number {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}

/** An amount in minor units in the currency's own writing ("¥12,000", "$25.00"); `compact` for axis labels ("¥1.2万"). */
export function formatMoney(minor: number, currency: string, lang: Lang, compact = false): string {
  const major = minor / 10 ** currencyDigits(currency, lang);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}) }).format(major);
  } catch {
    return `${formatNumber(major, lang, 2)} ${currency}`;
  }
}

/** A community day ("2025-04-03") as a short date ("4/3", "Apr 3") or a long one. */
export function formatDay(day: string, lang: Lang, style: 'short' | 'long' = 'short'): string {
  const options: Intl.DateTimeFormatOptions = style === 'short' ? { month: 'numeric', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

// ——— The KPI tiles ———

export type KpiFormat = 'count' | 'mean' | 'percent' | 'minutes';

export interface KpiSpec {
  key: KpiKey;
  format: KpiFormat;
  /** Lower is better (time to first reply): a fall is shown as good news. */
  lowerIsBetter?: boolean;
}

export const KPIS: readonly KpiSpec[] = [
  { key: 'dau', format: 'mean' },
  { key: 'wau', format: 'count' },
  { key: 'mau', format: 'count' },
  { key: 'stickiness', format: 'percent' },
  { key: 'newMembers', format: 'count' },
  { key: 'threads', format: 'count' },
  { key: 'replies', format: 'count' },
  { key: 'reactions', format: 'count' },
  { key: 'answeredShare', format: 'percent' },
  { key: 'medianMinutesToFirstReply', format: 'minutes', lowerIsBetter: true },
];

export function formatKpi(value: number, format: KpiFormat, lang: Lang): string {
  switch (format) {
    case 'count':
      return formatNumber(value, lang);
    case 'mean':
      return formatNumber(value, lang, 1);
    case 'percent':
      return formatPercent(value, lang);
    case 'minutes':
      return formatMinutes(value, lang);
  }
}

/** Which way a figure went: up, down, not at all, or unknown (nothing to compare with). */
export function trendOf(rate: number | null): 'up' | 'down' | 'flat' | 'none' {
  if (rate === null) return 'none';
  if (Math.abs(rate) < 0.0005) return 'flat';
  return rate > 0 ? 'up' : 'down';
}

/** Whether a move is good news (a rise, or a fall of what is better lower). */
export const isGood = (trend: 'up' | 'down', lowerIsBetter = false): boolean => (trend === 'up') !== lowerIsBetter;

// ——— Series helpers ———

/** Whether the day series has anything in it at all. */
export const hasActivity = (series: readonly DaySeries[]): boolean =>
  series.some((day) => day.activeMembers + day.threads + day.replies + day.reactions + day.newMembers > 0);

/** The value groups of the customer-value fit: `all`, `rfm:<segment>`, `community:linked|notLinked`. */
export function groupKind(group: string): { kind: 'all' | 'rfm' | 'community' | 'other'; key: string } {
  if (group === 'all') return { kind: 'all', key: 'all' };
  const [kind, key] = group.split(':', 2);
  if ((kind === 'rfm' || kind === 'community') && key) return { kind, key };
  return { kind: 'other', key: group };
}

/** Cohort labels as the API names them ("2025-W14", "2025-04"), kept short for an axis. */
export function cohortLabel(cohort: Cohort, by: RetentionBy, lang: Lang): string {
  if (by === 'week') return isDay(cohort.start) ? formatDay(cohort.start, lang) : cohort.cohort;
  if (/^\d{4}-\d{2}$/.test(cohort.cohort)) {
    const [year, month] = cohort.cohort.split('-').map(Number);
    return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  }
  return cohort.cohort;
}

/** A CSV file name for a table: `kizuna-fans_at-risk_2025-04-01_2025-04-30.csv`. */
export const csvName = (slug: string, table: string, range: DateRange): string => `${slug}_${table}_${range.from}_${range.to}.csv`;
