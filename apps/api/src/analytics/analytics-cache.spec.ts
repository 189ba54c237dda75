import { ANALYTICS_CACHE_TTL_MS, AnalyticsCache } from './analytics-cache';

/** A computation that finishes when told to, counting how often it ran. */
function gate<T>(value: T) {
  let runs = 0;
  const pending: Array<() => void> = [];
  return {
    compute: () => {
      runs += 1;
      return new Promise<T>((resolve) => pending.push(() => resolve(value)));
    },
    finish: () => pending.splice(0).forEach((resolve) => resolve()),
    runs: () => runs,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AnalyticsCache', () => {
  afterEach(() => jest.useRealTimers());

  it('shares one computation between concurrent identical requests, and keeps its result for the TTL', async () => {
    const cache = new AnalyticsCache();
    const g = gate({ n: 1 });
    const answers = Promise.all(Array.from({ length: 50 }, () => cache.get('c1', 'tiers:2026-03-07', g.compute)));
    await tick();
    g.finish();
    expect(new Set(await answers).size).toBe(1);
    expect(await cache.get('c1', 'tiers:2026-03-07', g.compute)).toEqual({ n: 1 });
    expect(g.runs()).toBe(1);
    // Other parameters, another community: computed apart.
    const other = cache.get('c1', 'tiers:2026-03-08', g.compute);
    const elsewhere = cache.get('c2', 'tiers:2026-03-07', g.compute);
    await tick();
    g.finish();
    await Promise.all([other, elsewhere]);
    expect(g.runs()).toBe(3);
  });

  it('computes again after the TTL', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['setImmediate', 'nextTick'] });
    const cache = new AnalyticsCache();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.get('c1', 'k', compute)).toBe(1);
    jest.setSystemTime(ANALYTICS_CACHE_TTL_MS - 1);
    expect(await cache.get('c1', 'k', compute)).toBe(1);
    jest.setSystemTime(ANALYTICS_CACHE_TTL_MS + 1);
    expect(await cache.get('c1', 'k', compute)).toBe(2);
  });

  it("forgets one community's figures on invalidation; a computation under way is not reused, but the next waits for it", async () => {
    const cache = new AnalyticsCache();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.get('c1', 'k', compute)).toBe(1);
    expect(await cache.get('c2', 'k', compute)).toBe(2);
    cache.invalidate('c1');
    expect(await cache.get('c1', 'k', compute)).toBe(3);
    expect(await cache.get('c2', 'k', compute)).toBe(2);

    const g = gate('before the change');
    const first = cache.get('c1', 'slow', g.compute);
    await tick();
    cache.invalidate('c1');
    let second: string | undefined;
    const after = cache.get('c1', 'slow', async () => 'after the change').then((v) => (second = v));
    await tick();
    // The second computation has not started while the first runs.
    expect(second).toBeUndefined();
    g.finish();
    expect(await first).toBe('before the change');
    await after;
    expect(second).toBe('after the change');
    cache.invalidate();
    expect(await cache.get('c2', 'k', compute)).toBe(4);
  });

  it('does not keep failures', async () => {
    const cache = new AnalyticsCache();
    await expect(cache.get('c1', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('c1', 'k', async () => 'fine')).toBe('fine');
  });
});
