import type { BadgeRule, BadgeRuleType } from '@kizuna/contracts';
import type { I18n } from './i18n/index.svelte';
import type { MessageKey } from './i18n/ja';

/** The rule types offered in the rule builder, in the order of its select. */
export const RULE_TYPES: readonly BadgeRuleType[] = [
  'count',
  'first',
  'reactionsOnOnePost',
  'activeDays',
  'streak',
  'memberFor',
  'lifetimeSpend',
  'boughtSku',
  'customerSince',
  'all',
  'any',
];

/** Activity types a count or first rule may name (libs/contracts ACTIVITY_TYPES, the ones worth counting). */
export const RULE_ACTIVITIES = ['thread.created', 'post.created', 'reaction.added', 'badge.awarded'] as const;
export type RuleActivity = (typeof RULE_ACTIVITIES)[number];

export const RULE_CURRENCIES = ['JPY', 'USD', 'EUR'] as const;

/** The API accepts groups nested five deep: the root is depth 0, so groups stop at depth 3 (their rules at 4). */
export const MAX_GROUP_DEPTH = 3;
export const MAX_GROUP_RULES = 10;
export const MAX_DAYS = 3650;

export const isGroup = (rule: BadgeRule): rule is Extract<BadgeRule, { type: 'all' | 'any' }> => rule.type === 'all' || rule.type === 'any';

/**
 * A rule of `type`, keeping what still applies of `from` (the activity, the number, the days), so
 * switching type does not throw the manager's input away. Becoming a group keeps `from` as its first rule.
 */
export function newRule(type: BadgeRuleType, from?: BadgeRule): BadgeRule {
  const old = (from ?? {}) as Record<string, unknown>;
  const activity = typeof old.activity === 'string' ? old.activity : 'post.created';
  const atLeast = typeof old.atLeast === 'number' && type !== 'lifetimeSpend' && from?.type !== 'lifetimeSpend' ? old.atLeast : undefined;
  const days = typeof old.days === 'number' ? old.days : typeof old.withinDays === 'number' ? old.withinDays : undefined;
  switch (type) {
    case 'count':
      return { type, activity, atLeast: atLeast ?? 10, ...(typeof old.withinDays === 'number' ? { withinDays: old.withinDays } : {}) };
    case 'first':
      return { type, activity };
    case 'reactionsOnOnePost':
      return { type, atLeast: atLeast ?? 10 };
    case 'activeDays':
      return { type, atLeast: atLeast ?? 10, ...(typeof old.withinDays === 'number' ? { withinDays: old.withinDays } : {}) };
    case 'streak':
      return { type, days: days ?? 7 };
    case 'memberFor':
      return { type, days: days ?? 365 };
    case 'lifetimeSpend':
      return { type, atLeast: 10_000, currency: 'JPY' };
    case 'boughtSku':
      return { type, sku: '' };
    case 'customerSince':
      return { type, before: '' };
    case 'all':
    case 'any':
      if (from && isGroup(from)) return { type, rules: from.rules };
      return { type, rules: [from ?? newRule('count')] };
  }
}

/** The rule as the API takes it: optional numbers left empty dropped, numbers typed as numbers. */
export function cleanRule(rule: BadgeRule): BadgeRule {
  if (isGroup(rule)) return { type: rule.type, rules: rule.rules.map(cleanRule) };
  const entries = Object.entries(rule).filter(([key, value]) => !(key === 'withinDays' && (value === null || value === undefined || value === '')));
  return Object.fromEntries(entries) as BadgeRule;
}

/** The minor units of a currency (yen: 0, dollars: 2): the API counts spend in them, managers in whole amounts. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}

const present = (value: unknown): value is number | string => value !== null && value !== undefined && value !== '';

/** A rule in words, in the page language: 「30日以内に返信を10回」, "10 replies within 30 days". */
export function describeRule(rule: BadgeRule, i18n: Pick<I18n, 't' | 'lang' | 'formatList'>, nested = false): string {
  const { t } = i18n;
  const number = (value: unknown) => (present(value) ? Number(value).toLocaleString(i18n.lang) : '…');
  const activity = (value: string) =>
    (RULE_ACTIVITIES as readonly string[]).includes(value) ? t(`rule.noun.${value as RuleActivity}`) : value || '…';
  switch (rule.type) {
    case 'count':
      return present(rule.withinDays)
        ? t('rule.sum.countWithin', { activity: activity(rule.activity), count: number(rule.atLeast), days: number(rule.withinDays) })
        : t('rule.sum.count', { activity: activity(rule.activity), count: number(rule.atLeast) });
    case 'first':
      return (RULE_ACTIVITIES as readonly string[]).includes(rule.activity)
        ? t(`rule.first.${rule.activity as RuleActivity}`)
        : t('rule.sum.first', { activity: rule.activity || '…' });
    case 'reactionsOnOnePost':
      return t('rule.sum.reactionsOnOnePost', { count: number(rule.atLeast) });
    case 'activeDays':
      return present(rule.withinDays)
        ? t('rule.sum.activeDaysWithin', { count: number(rule.atLeast), days: number(rule.withinDays) })
        : t('rule.sum.activeDays', { count: number(rule.atLeast) });
    case 'streak':
      return t('rule.sum.streak', { days: number(rule.days) });
    case 'memberFor':
      return t('rule.sum.memberFor', { days: number(rule.days) });
    case 'lifetimeSpend':
      return t('rule.sum.lifetimeSpend', { amount: formatAmount(rule.atLeast, rule.currency, i18n.lang) });
    case 'boughtSku':
      return t('rule.sum.boughtSku', { sku: rule.sku || '…' });
    case 'customerSince':
      return t('rule.sum.customerSince', { date: rule.before || '…' });
    case 'all':
    case 'any': {
      const parts = rule.rules.map((sub) => describeRule(sub, i18n, true));
      const joined = parts.join(t(rule.type === 'all' ? 'rule.sum.and' : 'rule.sum.or'));
      return nested && parts.length > 1 ? t('rule.sum.group', { rules: joined }) : joined;
    }
  }
}

/** An amount in minor units as money: ¥10,000, $25.00. */
export function formatAmount(minor: unknown, currency: string, lang: string): string {
  if (!present(minor)) return '…';
  try {
    const digits = currencyDigits(currency);
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(Number(minor) / 10 ** digits);
  } catch {
    return `${minor} ${currency}`;
  }
}

/** One problem of a 400 INVALID_RULE, placed by its path: `rule.rules[1].atLeast must be …`. */
export interface RuleProblem {
  /** The rule it is about: `rule`, `rule.rules[1]`, … */
  path: string;
  /** The field of that rule, or null when it is about the rule as a whole. */
  field: string | null;
  /** The API's own words. */
  text: string;
}

/** The problems listed in an INVALID_RULE message (joined by "; "). */
export function ruleProblems(message: string): RuleProblem[] {
  return message
    .split('; ')
    .filter(Boolean)
    .map((text) => {
      const match = /^(rule(?:\.rules\[\d+\])*)(?:\.(\w+))?\s/.exec(text);
      return { path: match?.[1] ?? 'rule', field: match?.[2] ?? null, text };
    });
}

const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  activity: 'rule.problem.activity',
  atLeast: 'rule.problem.atLeast',
  withinDays: 'rule.problem.days',
  days: 'rule.problem.days',
  currency: 'rule.problem.currency',
  sku: 'rule.problem.sku',
  before: 'rule.problem.before',
  rules: 'rule.problem.rules',
};

/** What to tell the manager about one field's problem, in the page language (the API's words when there is no better). */
export function problemMessage(problem: RuleProblem, t: I18n['t']): string {
  const key = problem.field ? PROBLEM_MESSAGES[problem.field] : undefined;
  return key ? t(key) : problem.text;
}

/** JSON with its keys in order: the same rule reads the same whichever way its keys were written. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stable(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two rules say the same (a changed rule starts a back-fill, so an unchanged one is not sent). */
export const sameRule = (a: BadgeRule | null, b: BadgeRule | null): boolean => stable(a && cleanRule(a)) === stable(b && cleanRule(b));
