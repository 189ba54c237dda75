/**
 * Per-socket limits on client events: a token bucket (burst 20, refilled at 10 a second) and at
 * most one typing ping per thread per interval.
 */
export class SocketLimiter {
  private tokens: number;
  private refilledAt = Date.now();
  private readonly typedAt = new Map<string, number>();

  constructor(
    private readonly burst = 20,
    private readonly perSecond = 10,
  ) {
    this.tokens = burst;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  typingTooSoon(threadId: string, intervalMs: number, now = Date.now()): boolean {
    const last = this.typedAt.get(threadId) ?? 0;
    if (now - last < intervalMs) return true;
    this.typedAt.set(threadId, now);
    return false;
  }
}
