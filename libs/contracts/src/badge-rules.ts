/**
 * Declarative badge rules (JSON, stored with a badge, validated on save). Evaluated by
 * `evaluateRule` in libs/engagement against the facts the API gathers for one member.
 */
export type BadgeRule =
  /** At least `atLeast` activities of a type, optionally within the last `withinDays`. */
  | { type: 'count'; activity: string; atLeast: number; withinDays?: number }
  /** The first activity of a type (first post, first reaction given…). */
  | { type: 'first'; activity: string }
  /** One post of the member received at least `atLeast` reactions (Discourse's Nice/Good/Great post). */
  | { type: 'reactionsOnOnePost'; atLeast: number }
  /** Active on at least `atLeast` distinct days (community time zone), optionally within `withinDays`. */
  | { type: 'activeDays'; atLeast: number; withinDays?: number }
  /** Active on `days` consecutive days (community time zone), ending today or yesterday. */
  | { type: 'streak'; days: number }
  /** A member for at least `days` days. */
  | { type: 'memberFor'; days: number }
  /** CRM: lifetime spend of the linked customer, in the currency's minor units. */
  | { type: 'lifetimeSpend'; atLeast: number; currency: string }
  /** CRM: the linked customer bought a SKU. */
  | { type: 'boughtSku'; sku: string }
  /** CRM: the linked customer's first purchase was before a date (YYYY-MM-DD). */
  | { type: 'customerSince'; before: string }
  | { type: 'all'; rules: BadgeRule[] }
  | { type: 'any'; rules: BadgeRule[] };

export type BadgeRuleType = BadgeRule['type'];
