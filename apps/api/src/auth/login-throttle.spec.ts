import { backoffSeconds, BACKOFF_AFTER, refusal } from './login-throttle';

describe('login throttle policy', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it('waits nothing before BACKOFF_AFTER failures, then doubles each time up to five minutes', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(backoffSeconds)).toEqual([2, 4, 8, 16, 32]);
    expect(backoffSeconds(BACKOFF_AFTER + 20)).toBe(300);
  });

  it('refuses a locked account before anything else, with the seconds left', () => {
    const account = { failures: 10, blockedUntil: later(30), lockedUntil: later(900) };
    expect(refusal(account, null, now)).toEqual({ reason: 'locked', retryAfterSeconds: 900 });
  });

  it('refuses while the latest backoff of the account or the address runs', () => {
    const address = { failures: 6, blockedUntil: later(4), lockedUntil: null };
    const account = { failures: 6, blockedUntil: later(2.2), lockedUntil: null };
    expect(refusal(account, address, now)).toEqual({ reason: 'backoff', retryAfterSeconds: 4 });
  });

  it('lets an attempt through once the waits are over', () => {
    expect(refusal({ failures: 12, blockedUntil: later(-1), lockedUntil: later(-1) }, null, now)).toBeNull();
    expect(refusal(null, null, now)).toBeNull();
  });
});
