import type { BadgeRule } from '@kizuna/contracts';

const DAY = 86_400_000;

/** What the evaluator knows of one member; the API gathers it (activity, reactions, CRM). */
export interface MemberFacts {
  now: Date;
  /** IANA zone of the community: "days" are its calendar days. */
  timeZone: string;
  joinedAt: Date;
  /** The member's activity in the community (type and time). */
  activity: ReadonlyArray<{ type: string; at: Date }>;
  /** Most reactions any one of the member's posts has received. */
  maxReactionsOnOnePost: number;
  /** The linked customer record, when there is one. */
  customer?: {
    /** Lifetime spend per ISO currency, in minor units. */
    spend: Readonly<Record<string, number>>;
    skus: ReadonlySet<string>;
    firstPurchaseAt: Date | null;
  };
}

export interface RuleOutcome {
  met: boolean;
  /** How far along, 0 to 1 (for "locked badge" progress bars). */
  progress: number;
}

const outcome = (current: number, target: number): RuleOutcome => ({
  met: current >= target,
  progress: target <= 0 ? 1 : Math.max(0, Math.min(1, current / target)),
});

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function within(facts: MemberFacts, withinDays: number | undefined) {
  const since = withinDays === undefined ? -Infinity : facts.now.getTime() - withinDays * DAY;
  return facts.activity.filter((a) => a.at.getTime() > since && a.at.getTime() <= facts.now.getTime());
}

/** Longest run of consecutive days ending today or yesterday (a streak not yet broken). */
function currentStreak(days: Set<string>, timeZone: string, now: Date): number {
  const start = days.has(dayIn(timeZone, now)) ? now : new Date(now.getTime() - DAY);
  let streak = 0;
  for (let at = start; days.has(dayIn(timeZone, at)); at = new Date(at.getTime() - DAY)) streak += 1;
  return streak;
}

/** Whether a member meets a badge rule, and how close they are. Pure: same facts, same answer. */
export function evaluateRule(rule: BadgeRule, facts: MemberFacts): RuleOutcome {
  switch (rule.type) {
    case 'count':
      return outcome(within(facts, rule.withinDays).filter((a) => a.type === rule.activity).length, rule.atLeast);
    case 'first':
      return outcome(facts.activity.some((a) => a.type === rule.activity) ? 1 : 0, 1);
    case 'reactionsOnOnePost':
      return outcome(facts.maxReactionsOnOnePost, rule.atLeast);
    case 'activeDays':
      return outcome(new Set(within(facts, rule.withinDays).map((a) => dayIn(facts.timeZone, a.at))).size, rule.atLeast);
    case 'streak':
      return outcome(currentStreak(new Set(facts.activity.map((a) => dayIn(facts.timeZone, a.at))), facts.timeZone, facts.now), rule.days);
    case 'memberFor':
      return outcome((facts.now.getTime() - facts.joinedAt.getTime()) / DAY, rule.days);
    case 'lifetimeSpend':
      return outcome(facts.customer?.spend[rule.currency] ?? 0, rule.atLeast);
    case 'boughtSku':
      return outcome(facts.customer?.skus.has(rule.sku) ? 1 : 0, 1);
    case 'customerSince': {
      const first = facts.customer?.firstPurchaseAt;
      return outcome(first && dayIn(facts.timeZone, first) < rule.before ? 1 : 0, 1);
    }
    case 'all': {
      const parts = rule.rules.map((r) => evaluateRule(r, facts));
      return { met: parts.every((p) => p.met), progress: Math.min(...parts.map((p) => p.progress)) };
    }
    case 'any': {
      const parts = rule.rules.map((r) => evaluateRule(r, facts));
      return { met: parts.some((p) => p.met), progress: Math.max(...parts.map((p) => p.progress)) };
    }
  }
}

/** Whether a rule needs the CRM (a linked customer) to be met. */
export function needsCustomer(rule: BadgeRule): boolean {
  if (rule.type === 'all' || rule.type === 'any') return rule.rules.some(needsCustomer);
  return rule.type === 'lifetimeSpend' || rule.type === 'boughtSku' || rule.type === 'customerSince';
}

const ACTIVITY = /^[a-z]+(\.[a-z_]+)+$/;
const positiveInt = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;

/**
 * Checks a rule as stored JSON; returns the problems with their paths (e.g. `rule.rules[1].atLeast`),
 * empty when the rule is valid. Unknown keys are refused so a typo never silently widens a rule.
 */
export function ruleProblems(value: unknown, path = 'rule', depth = 0): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} must be an object`];
  if (depth > 5) return [`${path} is nested too deeply (at most 5 levels)`];
  const rule = value as Record<string, unknown>;
  const allowed: Record<string, string[]> = {
    count: ['activity', 'atLeast', 'withinDays'],
    first: ['activity'],
    reactionsOnOnePost: ['atLeast'],
    activeDays: ['atLeast', 'withinDays'],
    streak: ['days'],
    memberFor: ['days'],
    lifetimeSpend: ['atLeast', 'currency'],
    boughtSku: ['sku'],
    customerSince: ['before'],
    all: ['rules'],
    any: ['rules'],
  };
  const type = rule.type;
  if (typeof type !== 'string' || !(type in allowed)) return [`${path}.type must be one of: ${Object.keys(allowed).join(', ')}`];
  const problems = Object.keys(rule)
    .filter((k) => k !== 'type' && !allowed[type].includes(k))
    .map((k) => `${path}.${k} is not a field of a ${type} rule`);
  const check = (key: string, ok: boolean, expected: string) => {
    if (!ok) problems.push(`${path}.${key} must be ${expected}`);
  };
  if (allowed[type].includes('activity')) check('activity', typeof rule.activity === 'string' && ACTIVITY.test(rule.activity), 'an activity type such as post.created');
  if (allowed[type].includes('atLeast')) check('atLeast', positiveInt(rule.atLeast, type === 'lifetimeSpend' ? 1e12 : 1_000_000), 'a positive whole number');
  if (rule.withinDays !== undefined) check('withinDays', positiveInt(rule.withinDays, 3650), 'a whole number of days from 1 to 3650');
  if (allowed[type].includes('days')) check('days', positiveInt(rule.days, 3650), 'a whole number of days from 1 to 3650');
  if (type === 'lifetimeSpend') check('currency', typeof rule.currency === 'string' && /^[A-Z]{3}$/.test(rule.currency), 'an ISO 4217 code such as JPY');
  if (type === 'boughtSku') check('sku', typeof rule.sku === 'string' && rule.sku.trim().length > 0 && rule.sku.length <= 100, 'a SKU of 1 to 100 characters');
  if (type === 'customerSince') check('before', typeof rule.before === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(rule.before) && !Number.isNaN(Date.parse(rule.before)), 'a date YYYY-MM-DD');
  if (type === 'all' || type === 'any') {
    if (!Array.isArray(rule.rules) || rule.rules.length < 1 || rule.rules.length > 10) problems.push(`${path}.rules must list 1 to 10 rules`);
    else rule.rules.forEach((r, i) => problems.push(...ruleProblems(r, `${path}.rules[${i}]`, depth + 1)));
  }
  return problems;
}
