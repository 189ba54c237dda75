import { lift, type MemberRevenueRow, revenueByGroup, SMALL_SAMPLE_MIN_CUSTOMERS } from './revenue';

const row = (group: string, linked: boolean, orders = 0, revenue = 0): MemberRevenueRow => ({ group, linked, orders, revenue });

describe('revenueByGroup', () => {
  it('sums each group and derives its rates', () => {
    const rows = [
      row('champion', true, 2, 10_000),
      row('observer', true, 1, 2_500),
      row('champion', true, 1, 3_000),
      row('champion', true),
      row('champion', false),
      row('observer', true, 1, 2_501),
      row('observer', false),
      row('observer', false),
      row('lurker', false),
    ];
    expect(revenueByGroup(rows)).toEqual([
      {
        group: 'champion',
        members: 4,
        linkedCustomers: 3,
        buyers: 2,
        orders: 3, // 2 + 1
        revenue: 13_000, // 10 000 + 3 000
        purchaseRate: 0.6667, // 2 / 3
        ordersPerCustomer: 1.5, // 3 / 2
        averageOrderValue: 4_333, // 13 000 / 3 = 4 333.33
        revenuePerMember: 3_250, // 13 000 / 4
        smallSample: true, // 3 < 30
      },
      {
        group: 'observer',
        members: 4,
        linkedCustomers: 2,
        buyers: 2,
        orders: 2,
        revenue: 5_001, // 2 500 + 2 501
        purchaseRate: 1, // 2 / 2
        ordersPerCustomer: 1, // 2 / 2
        averageOrderValue: 2_501, // 5 001 / 2 = 2 500.5, half rounds up
        revenuePerMember: 1_250, // 5 001 / 4 = 1 250.25
        smallSample: true,
      },
      {
        group: 'lurker',
        members: 1,
        linkedCustomers: 0,
        buyers: 0,
        orders: 0,
        revenue: 0,
        purchaseRate: null, // no linked customers
        ordersPerCustomer: null, // no buyers
        averageOrderValue: null, // no orders
        revenuePerMember: 0, // 0 / 1
        smallSample: true,
      },
    ]);
  });

  it.each([
    [29, true],
    [30, false],
  ])('flags a group of %i linked customers as small: %p', (linked, small) => {
    // 3 of them bought once for 1 000
    const rows = Array.from({ length: linked }, (_, i) => (i < 3 ? row('g', true, 1, 1_000) : row('g', true)));
    const [group] = revenueByGroup(rows);
    expect(group.smallSample).toBe(small);
    expect(SMALL_SAMPLE_MIN_CUSTOMERS).toBe(30);
    if (linked === 30) {
      // 3 / 30 = 0.1; 3 000 / 3 = 1 000 per order; 3 000 / 30 = 100 per member
      expect(group).toMatchObject({ purchaseRate: 0.1, ordersPerCustomer: 1, averageOrderValue: 1_000, revenuePerMember: 100 });
    }
  });

  it('is empty with no rows', () => {
    expect(revenueByGroup([])).toEqual([]);
  });

  it.each([
    ['orders without a linked customer', row('g', false, 1, 100)],
    ['negative revenue', row('g', true, 1, -100)],
    ['a fraction of an order', row('g', true, 1.5, 100)],
  ])('refuses %s', (_name, bad) => {
    expect(() => revenueByGroup([bad])).toThrow(RangeError);
  });
});

describe('lift', () => {
  it.each([
    [0.15, 0.1, 0.5], // 0.15 / 0.1 − 1
    [0.05, 0.1, -0.5], // 0.05 / 0.1 − 1
    [0.1, 0.1, 0],
    [0, 0.2, -1],
    [0.6667, 0.3, 1.2223], // 2.22233 − 1 → 1.2223
    [0.2, 0, null], // no baseline
    [null, 0.1, null],
    [0.1, null, null],
  ])('%p against %p → %p', (group, baseline, expected) => {
    expect(lift(group, baseline)).toBe(expected);
  });
});
