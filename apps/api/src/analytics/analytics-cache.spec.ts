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

  it('after a change, the first request waits for fresh figures and the requests meanwhile get the ones they replace', async () => {
    const cache = new AnalyticsCache();
    expect(await cache.get('c1', 'k', async () => 'old')).toBe('old');
    cache.changed('c1');
    const g = gate('new');
    const first = cache.get('c1', 'k', g.compute);
    const meanwhile = await cache.get('c1', 'k', g.compute);
    expect(meanwhile).toBe('old');
    await tick();
    g.finish();
    expect(await first).toBe('new');
    expect(await cache.get('c1', 'k', g.compute)).toBe('new');
    expect(g.runs()).toBe(1);

    // Changes while a computation runs: the next one waits for it, and the figures before both still answer meanwhile.
    cache.changed('c1');
    const g2 = gate('newer');
    const second = cache.get('c1', 'k', g2.compute);
    cache.changed('c1');
    const g3 = gate('newest');
    const third = cache.get('c1', 'k', g3.compute);
    expect(await cache.get('c1', 'k', g3.compute)).toBe('new');
    await tick();
    g2.finish();
    expect(await second).toBe('newer');
    await tick();
    g3.finish();
    expect(await third).toBe('newest');
    expect(await cache.get('c1', 'k', g3.compute)).toBe('newest');
  });

  it('answers nothing from before an invalidation, not even while recomputing', async () => {
    const cache = new AnalyticsCache();
    expect(await cache.get('c1', 'k', async () => 'before')).toBe('before');
    cache.invalidate('c1');
    const g = gate('after');
    const first = cache.get('c1', 'k', g.compute);
    const meanwhile = cache.get('c1', 'k', g.compute);
    await tick();
    g.finish();
    expect(await first).toBe('after');
    expect(await meanwhile).toBe('after');

    // A computation under way when invalidated is not answered in place of the next one either.
    cache.changed('c1');
    const slow = gate('computed before the erasure');
    const running = cache.get('c1', 'k', slow.compute);
    cache.invalidate('c1');
    await tick();
    slow.finish();
    await running;
    const g2 = gate('after the erasure');
    const next = cache.get('c1', 'k', g2.compute);
    const alongside = cache.get('c1', 'k', g2.compute);
    await tick();
    g2.finish();
    expect(await next).toBe('after the erasure');
    expect(await alongside).toBe('after the erasure');
  });

  it('does not answer figures older than the TTL while recomputing', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['setImmediate', 'nextTick'] });
    const cache = new AnalyticsCache();
    expect(await cache.get('c1', 'k', async () => 'old')).toBe('old');
    jest.setSystemTime(ANALYTICS_CACHE_TTL_MS + 1);
    cache.changed('c1');
    const g = gate('new');
    const first = cache.get('c1', 'k', g.compute);
    const meanwhile = cache.get('c1', 'k', g.compute);
    await tick();
    g.finish();
    expect([await first, await meanwhile]).toEqual(['new', 'new']);
  });

  it('does not keep failures', async () => {
    const cache = new AnalyticsCache();
    await expect(cache.get('c1', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('c1', 'k', async () => 'fine')).toBe('fine');
  });
});
