import type { paths, Schemas } from '@kizuna/api-client';
import type { BadgeRule } from '@kizuna/contracts';
import type { ApiFailure } from './errors';
import type { I18n } from './i18n/index.svelte';
import type { MessageKey } from './i18n/ja';
import { cleanRule } from './rules';

/** The JSON body of an operation's success (200 or 201). */
type Success<Operation> = Operation extends { responses: infer R }
  ? (R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : never) extends { content: { 'application/json': infer Body } }
    ? Body
    : never
  : never;

type Community = '/api/v1/communities/{slug}';

export type Badge = Success<paths[`${Community}/badges`]['get']>[number];
export type Backfill = Success<paths[`${Community}/badges/{badgeId}/backfill`]['get']>;
export type BadgeAward = Success<paths[`${Community}/badges/{badgeId}/awards`]['get']>[number];
export type BadgePreview = Success<paths[`${Community}/badges/preview`]['post']>;
export type MemberSummary = Success<paths[`${Community}/members`]['get']>[number];
export type RecognitionSettings = Success<paths[`${Community}/recognition/settings`]['get']>;
export type Rank = RecognitionSettings['ranks'][number];
export type Perk = Success<paths[`${Community}/perks`]['get']>[number];
export type Localized = { ja: string; en: string };

export const BADGE_TIERS = ['bronze', 'silver', 'gold'] as const;
export const PERK_KINDS = ['coupon', 'link', 'board'] as const;
export const ICON_SUGGESTIONS = ['🎉', '🌱', '💬', '🔥', '⭐', '🏆', '💎', '🎤', '🎁', '❤️'];
export const MAX_RANKS = 10;
export const MAX_CODES = 10_000;
export const CODE_MAX_CHARS = 64;

/** The badge's rule as the contract types it (the generated schema only knows "an object"). */
export const ruleOf = (badge: Pick<Badge, 'rule'>): BadgeRule | null => (badge.rule as unknown as BadgeRule | null) ?? null;

/** Names are `{ ja, en }`: the one in the page language. */
export const local = (text: Localized, lang: string): string => (lang === 'en' ? text.en || text.ja : text.ja || text.en);

/**
 * Text in both languages as the API takes it; English left empty is the Japanese (most managers
 * write Japanese first). `null` when both are empty, for the optional ones.
 */
export function bilingual(ja: string, en: string): Localized | null {
  const jaText = ja.trim();
  const enText = en.trim();
  if (!jaText && !enText) return null;
  return { ja: jaText, en: enText || jaText };
}

/** An icon is an emoji or an https image URL. */
export const isImageIcon = (icon: string): boolean => /^https:\/\//i.test(icon.trim());

/** The failure codes of this console, in words (the API's own words say it in English only). */
const CODE_MESSAGES: Record<string, MessageKey> = {
  BADGE_KEY_TAKEN: 'manage.error.keyTaken',
  ALREADY_AWARDED: 'award.error.already',
  INVALID_RULE: 'rule.error.invalid',
};

/** Invalid input in these fields, in words; matched against the API's field path. */
const FIELD_MESSAGES: [RegExp, MessageKey][] = [
  [/^key$/, 'manage.error.key'],
  [/^icon$/, 'manage.error.icon'],
  [/^(name|grantsTitle|title)\.(ja|en)$/, 'manage.error.name'],
  [/^description\.(ja|en)$/, 'manage.error.description'],
  [/^titleExpiresAt$/, 'manage.error.date'],
  [/^points\.\w+$/, 'manage.error.points'],
  [/^ranks$/, 'manage.error.ranks'],
  [/^ranks\[\d+\]\.key$/, 'manage.error.rankKey'],
  [/^ranks\[\d+\]\.min$/, 'manage.error.min'],
  [/^ranks\[\d+\]\.(name|title)\.(ja|en)$/, 'manage.error.name'],
  [/^url$/, 'perk.error.url'],
  [/^boardId$/, 'perk.error.board'],
  [/^unlock(\.\w+)?$/, 'perk.error.unlock'],
  [/^codes(\[\d+\])?$/, 'perk.error.codes'],
  [/^reason$/, 'award.error.reason'],
];

/** A failure of the manager console for the whole form: this console's codes first, else the usual words. */
export function consoleFailure(i18n: I18n, failure: ApiFailure): string {
  const key = CODE_MESSAGES[failure.code];
  if (key) return i18n.t(key);
  const [field] = Object.keys(failure.fields);
  if (failure.code === 'VALIDATION_FAILED' && field) return consoleFieldError(i18n, failure, field) ?? i18n.failureMessage(failure);
  return i18n.failureMessage(failure);
}

/** The message for one field of a failure of the manager console, or undefined when the field is fine. */
export function consoleFieldError(i18n: I18n, failure: ApiFailure | null, field: string): string | undefined {
  if (!failure?.fields[field]?.length) return undefined;
  const byCode = CODE_MESSAGES[failure.code];
  if (byCode) return i18n.t(byCode);
  const byField = failure.code === 'VALIDATION_FAILED' ? FIELD_MESSAGES.find(([pattern]) => pattern.test(field))?.[1] : undefined;
  return byField ? i18n.t(byField) : i18n.fieldMessage(failure, field);
}

/** The calendar day (YYYY-MM-DD) of a moment in a time zone. */
export function dayOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** The last second of a day (YYYY-MM-DD) in a time zone, as an ISO date-time: "valid until that day" in the community's time. */
export function endOfDay(day: string, timeZone: string): string {
  const wall = Date.parse(`${day}T23:59:59Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(wall))
      .map((part) => [part.type, Number(part.value)]),
  );
  const offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - wall;
  return new Date(wall - offset).toISOString();
}

/**
 * Coupon codes from pasted text or a .txt/.csv file: one per line, the first column of a CSV
 * (quotes removed), blanks, repeats and a "code" header line dropped.
 */
export function parseCodes(text: string): string[] {
  const codes = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .map((line) => line.split(/[,\t]/)[0].trim().replace(/^"(.*)"$/, '$1').trim())
    .filter((code, index) => code && !(index === 0 && /^(codes?|coupons?|コード)$/i.test(code)));
  return [...new Set(codes)];
}

/** A code the API takes: 1–64 printable ASCII characters, no spaces. */
export const isValidCode = (code: string): boolean => /^[\x21-\x7e]{1,64}$/.test(code);

/** A rule as the request bodies type it (the generated schema only knows "an object"). */
export type RuleBody = NonNullable<Schemas['CreateBadgeDto']['rule']>;
export const ruleBody = (rule: BadgeRule): RuleBody => cleanRule(rule) as unknown as RuleBody;
