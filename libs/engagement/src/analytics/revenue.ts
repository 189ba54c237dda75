import { roundTo } from './round';

/** One member, with the group they fall in (e.g. an engagement tier) and their purchases in the period. */
export interface MemberRevenueRow {
  group: string;
  /** Whether the member is linked to a CRM customer record; only linked members can have orders. */
  linked: boolean;
  /** Orders in the period (0 when not linked). */
  orders: number;
  /** Revenue of those orders, in minor units of one currency (0 when not linked). */
  revenue: number;
}

/**
 * Fewer linked customers than this and a group's rates are flagged `smallSample`: below 30, one buyer
 * more or less moves the purchase rate by more than 3 points, and 30 is the usual rule of thumb for
 * treating a proportion as roughly normal. Show such groups, but do not compare them.
 */
export const SMALL_SAMPLE_MIN_CUSTOMERS = 30;

export interface GroupRevenue {
  group: string;
  /** Members in the group. */
  members: number;
  /** Of them, linked to a customer record. */
  linkedCustomers: number;
  /** Linked customers with at least one order. */
  buyers: number;
  orders: number;
  /** Minor units. */
  revenue: number;
  /** buyers / linkedCustomers, 4 decimals; null with no linked customers. */
  purchaseRate: number | null;
  /** orders / buyers (per buyer), 4 decimals; null with no buyers. */
  ordersPerCustomer: number | null;
  /** revenue / orders, whole minor units; null with no orders. */
  averageOrderValue: number | null;
  /** revenue / members (every member, linked or not), whole minor units. */
  revenuePerMember: number;
  /** linkedCustomers < SMALL_SAMPLE_MIN_CUSTOMERS. */
  smallSample: boolean;
}

/**
 * Engagement against revenue, one entry per group in order of first appearance. For all groups at
 * once (the baseline), pass the rows with one group name. Rounding: rates 4 decimals, money to whole
 * minor units (halves away from zero).
 */
export function revenueByGroup(rows: readonly MemberRevenueRow[]): GroupRevenue[] {
  const groups = new Map<string, { members: number; linked: number; buyers: number; orders: number; revenue: number }>();
  rows.forEach((row, i) => {
    if (!Number.isInteger(row.orders) || row.orders < 0) throw new RangeError(`rows[${i}].orders must be a whole number of 0 or more`);
    if (!Number.isFinite(row.revenue) || row.revenue < 0) throw new RangeError(`rows[${i}].revenue must be a finite number of 0 or more`);
    if (!row.linked && (row.orders > 0 || row.revenue > 0)) throw new RangeError(`rows[${i}] has orders but is not linked to a customer`);
    let g = groups.get(row.group);
    if (!g) groups.set(row.group, (g = { members: 0, linked: 0, buyers: 0, orders: 0, revenue: 0 }));
    g.members += 1;
    if (row.linked) g.linked += 1;
    if (row.orders > 0) g.buyers += 1;
    g.orders += row.orders;
    g.revenue += row.revenue;
  });
  return [...groups].map(([group, g]) => ({
    group,
    members: g.members,
    linkedCustomers: g.linked,
    buyers: g.buyers,
    orders: g.orders,
    revenue: g.revenue,
    purchaseRate: g.linked === 0 ? null : roundTo(g.buyers / g.linked, 4),
    ordersPerCustomer: g.buyers === 0 ? null : roundTo(g.orders / g.buyers, 4),
    averageOrderValue: g.orders === 0 ? null : roundTo(g.revenue / g.orders, 0),
    revenuePerMember: roundTo(g.revenue / g.members, 0),
    smallSample: g.linked < SMALL_SAMPLE_MIN_CUSTOMERS,
  }));
}

/**
 * How much higher a group's rate is than the baseline's: groupRate / baselineRate − 1, 4 decimals
 * (0.5 = 50 % higher, −0.25 = 25 % lower); null when the baseline is 0 or either rate is null.
 */
export function lift(groupRate: number | null, baselineRate: number | null): number | null {
  if (groupRate === null || baselineRate === null || baselineRate === 0) return null;
  return roundTo(groupRate / baselineRate - 1, 4);
}
