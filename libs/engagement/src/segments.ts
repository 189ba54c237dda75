import { RFM_SEGMENTS } from './rfm';

/**
 * Segments: saved rules over what the brand knows of a customer — the record, consent, orders,
 * predictions and the community side — e.g. "gold-rank fans whose P(alive) < 0.3 and who opted in
 * to email". Pure: the API gathers a snapshot per customer and asks `matchesSegment`.
 */
export interface SegmentRule {
  match: 'all' | 'any';
  conditions: SegmentCondition[];
}

export interface SegmentCondition {
  field: string;
  op: string;
  value?: unknown;
}

/** What one customer looks like to a segment. */
export interface CustomerSnapshot {
  contact: { region: string | null; gender: string | null; email: string | null; customerNumber: string | null; attributes: Readonly<Record<string, string>> };
  consent: Partial<Record<'email' | 'line' | 'sms', boolean>>;
  orders: { count: number; spend: number; daysSinceLast: number | null; skus: ReadonlySet<string> };
  rfmSegment: string | null;
  pAlive: number | null;
  member: { linked: boolean; rank: string | null; badges: ReadonlySet<string>; points: number };
}

type Check = (snapshot: CustomerSnapshot, value: unknown) => boolean;
interface FieldSpec {
  ops: Record<string, { check: Check; value: 'none' | 'string' | 'number' | 'boolean' | 'strings' | 'probability' }>;
}

const text = (get: (s: CustomerSnapshot) => string | null): FieldSpec => ({
  ops: {
    eq: { value: 'string', check: (s, v) => (get(s) ?? '').toLowerCase() === String(v).toLowerCase() },
    contains: { value: 'string', check: (s, v) => (get(s) ?? '').toLowerCase().includes(String(v).toLowerCase()) },
    isSet: { value: 'none', check: (s) => !!get(s) },
    notSet: { value: 'none', check: (s) => !get(s) },
  },
});

const number = (get: (s: CustomerSnapshot) => number | null): FieldSpec => ({
  ops: {
    gte: { value: 'number', check: (s, v) => get(s) !== null && get(s)! >= Number(v) },
    lte: { value: 'number', check: (s, v) => get(s) !== null && get(s)! <= Number(v) },
  },
});

const flag = (get: (s: CustomerSnapshot) => boolean): FieldSpec => ({ ops: { is: { value: 'boolean', check: (s, v) => get(s) === v } } });

const FIELDS: Record<string, FieldSpec> = {
  region: text((s) => s.contact.region),
  gender: text((s) => s.contact.gender),
  email: text((s) => s.contact.email),
  customerNumber: text((s) => s.contact.customerNumber),
  'consent.email': flag((s) => s.consent.email === true),
  'consent.line': flag((s) => s.consent.line === true),
  'consent.sms': flag((s) => s.consent.sms === true),
  'orders.count': number((s) => s.orders.count),
  'orders.spend': number((s) => s.orders.spend),
  'orders.daysSinceLast': number((s) => s.orders.daysSinceLast),
  'orders.sku': { ops: { bought: { value: 'string', check: (s, v) => s.orders.skus.has(String(v)) } } },
  'rfm.segment': { ops: { in: { value: 'strings', check: (s, v) => s.rfmSegment !== null && (v as string[]).includes(s.rfmSegment) } } },
  pAlive: {
    ops: {
      lt: { value: 'probability', check: (s, v) => s.pAlive !== null && s.pAlive < Number(v) },
      gte: { value: 'probability', check: (s, v) => s.pAlive !== null && s.pAlive >= Number(v) },
    },
  },
  'member.linked': flag((s) => s.member.linked),
  'member.rank': { ops: { in: { value: 'strings', check: (s, v) => s.member.rank !== null && (v as string[]).includes(s.member.rank) } } },
  'member.badge': { ops: { has: { value: 'string', check: (s, v) => s.member.badges.has(String(v)) } } },
  'member.points': number((s) => (s.member.linked ? s.member.points : null)),
};

function specOf(field: string): FieldSpec | undefined {
  if (field.startsWith('attribute:') && field.length > 'attribute:'.length) return text((s) => s.contact.attributes[field.slice('attribute:'.length)] ?? null);
  return FIELDS[field];
}

export const SEGMENT_FIELDS = Object.keys(FIELDS);

/** Problems with a rule as stored JSON, with paths (`rule.conditions[1].value`); empty when valid. */
export function segmentProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['rule must be an object'];
  const rule = value as Record<string, unknown>;
  const problems = Object.keys(rule)
    .filter((k) => k !== 'match' && k !== 'conditions')
    .map((k) => `rule.${k} is not a field of a segment rule`);
  if (rule.match !== 'all' && rule.match !== 'any') problems.push('rule.match must be all or any');
  if (!Array.isArray(rule.conditions) || rule.conditions.length < 1 || rule.conditions.length > 20) return [...problems, 'rule.conditions must list 1 to 20 conditions'];
  rule.conditions.forEach((c, i) => problems.push(...conditionProblems(c, `rule.conditions[${i}]`)));
  return problems;
}

function conditionProblems(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} must be an object`];
  const { field, op, value: v, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest).map((k) => `${path}.${k} is not a field of a condition`);
  const spec = typeof field === 'string' ? specOf(field) : undefined;
  if (!spec) return [...extra, `${path}.field must be one of: ${SEGMENT_FIELDS.join(', ')}, attribute:<name>`];
  const opSpec = typeof op === 'string' ? spec.ops[op] : undefined;
  if (!opSpec) return [...extra, `${path}.op must be one of: ${Object.keys(spec.ops).join(', ')} for ${String(field)}`];
  const bad = (expected: string) => [...extra, `${path}.value must be ${expected}`];
  switch (opSpec.value) {
    case 'none':
      return v === undefined ? extra : bad('left out for this op');
    case 'string':
      return typeof v === 'string' && v.trim().length > 0 && v.length <= 200 ? extra : bad('a text of 1 to 200 characters');
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? extra : bad('a number of 0 or more');
    case 'probability':
      return typeof v === 'number' && v >= 0 && v <= 1 ? extra : bad('a number from 0 to 1');
    case 'boolean':
      return typeof v === 'boolean' ? extra : bad('true or false');
    case 'strings': {
      const known = field === 'rfm.segment' ? (RFM_SEGMENTS as readonly string[]) : null;
      const ok = Array.isArray(v) && v.length >= 1 && v.length <= 20 && v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 60 && (!known || known.includes(x)));
      return ok ? extra : bad(known ? `a list of: ${known.join(', ')}` : 'a list of 1 to 20 keys');
    }
  }
}

/** Whether a customer belongs to a segment (the rule must be valid: see `segmentProblems`). */
export function matchesSegment(rule: SegmentRule, snapshot: CustomerSnapshot): boolean {
  const test = (c: SegmentCondition) => specOf(c.field)!.ops[c.op].check(snapshot, c.value);
  return rule.match === 'all' ? rule.conditions.every(test) : rule.conditions.some(test);
}
