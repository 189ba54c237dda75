import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS, type RedisClient } from '../redis/redis.module';
import { RATE_LIMIT_POLICIES, type RateLimitKey, type RateLimitPolicyName } from './rate-limit.policies';

/** Who is asking: the client address, and the account or the email named when there is one. */
export interface RateLimitSubject {
  ip?: string;
  userId?: string;
  email?: string;
}

/** The state of the tightest counter after this request, for the RateLimit headers. */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the tightest counter starts over. */
  resetSeconds: number;
  /** Why it was refused (naming what was limited), when it was. */
  message?: string;
}

interface Counter {
  id: string;
  by: RateLimitKey;
  points: number;
  seconds: number;
  limiter: RateLimiterAbstract;
}

/**
 * Rate limits by policy (rate-limit.policies.ts). With Redis the counters are shared by every API
 * process, with an in-memory stand-in while Redis is unreachable (requests keep being served and
 * limited per process); without Redis they are in memory.
 */
@Injectable()
export class RateLimitService {
  private readonly counters = new Map<RateLimitPolicyName, Counter[]>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient | null) {
    const { multiplier, overrides, prefix } = config.rateLimits;
    const known = new Set(Object.entries(RATE_LIMIT_POLICIES).flatMap(([name, policy]) => policy.rules.map((rule) => `${name}.${rule.by}`)));
    const unknown = Object.keys(overrides).filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`RATE_LIMITS names unknown limits: ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    for (const [name, policy] of Object.entries(RATE_LIMIT_POLICIES) as Array<[RateLimitPolicyName, (typeof RATE_LIMIT_POLICIES)[RateLimitPolicyName]]>) {
      const counters = policy.rules.map((rule): Counter => {
        const id = `${name}.${rule.by}`;
        const base = overrides[id] ?? rule;
        const points = Math.max(1, Math.round(base.points * multiplier));
        const options = { points, duration: base.seconds, keyPrefix: `${prefix}:${id}` };
        const limiter = redis
          ? new RateLimiterRedis({
              ...options,
              storeClient: redis,
              useRedisPackage: true,
              // While Redis is away, answer from memory at once rather than queue behind the reconnect.
              rejectIfRedisNotReady: true,
              insuranceLimiter: new RateLimiterMemory(options),
            })
          : new RateLimiterMemory(options);
        return { id, by: rule.by, points, seconds: base.seconds, limiter };
      });
      this.counters.set(name, counters);
    }
  }

  /** Takes one point from every counter of the policy; refused when any of them has none left. */
  async consume(policy: RateLimitPolicyName, subject: RateLimitSubject): Promise<RateLimitVerdict> {
    const results = await Promise.all(
      this.counters.get(policy)!.map(async (counter) => {
        const key = keyFor(counter.by, subject);
        try {
          return { counter, res: await counter.limiter.consume(key), allowed: true };
        } catch (error) {
          if (error instanceof RateLimiterRes) return { counter, res: error, allowed: false };
          throw error;
        }
      }),
    );
    const refused = results.filter((r) => !r.allowed).sort((a, b) => b.res.msBeforeNext - a.res.msBeforeNext)[0];
    const tightest = refused ?? [...results].sort((a, b) => a.res.remainingPoints / a.counter.points - b.res.remainingPoints / b.counter.points)[0];
    const resetSeconds = Math.max(1, Math.ceil(tightest.res.msBeforeNext / 1000));
    return {
      allowed: !refused,
      limit: tightest.counter.points,
      remaining: tightest.res.remainingPoints,
      resetSeconds,
      ...(refused
        ? { message: `Too many ${RATE_LIMIT_POLICIES[policy].what}: at most ${refused.counter.points} ${per(refused.counter.seconds)}; try again in ${resetSeconds} seconds` }
        : {}),
    };
  }

  /** As consume, but a refusal is a 429 `RATE_LIMITED` with Retry-After. */
  async enforce(policy: RateLimitPolicyName, subject: RateLimitSubject): Promise<RateLimitVerdict> {
    const verdict = await this.consume(policy, subject);
    if (!verdict.allowed) throw new RateLimitedError('RATE_LIMITED', verdict.message!, verdict.resetSeconds);
    return verdict;
  }
}

function keyFor(by: RateLimitKey, subject: RateLimitSubject): string {
  const ip = subject.ip ?? 'unknown';
  if (by === 'ip') return ip;
  if (by === 'user') {
    if (!subject.userId) throw new Error('a per-account rate limit needs the signed-in account: put @RateLimit above the sign-in guard');
    return subject.userId;
  }
  // The address with the email it names (hashed: no addresses in Redis keys).
  const email = (subject.email ?? '').trim().toLowerCase();
  return `${ip}:${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
}

function per(seconds: number): string {
  if (seconds === 60) return 'a minute';
  if (seconds === 3600) return 'an hour';
  if (seconds % 3600 === 0) return `per ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `per ${seconds / 60} minutes`;
  return `per ${seconds} seconds`;
}
