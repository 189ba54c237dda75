/** Who a counter belongs to: the client address, the signed-in account, or an address with the email it names. */
export type RateLimitKey = 'ip' | 'user' | 'ip-email';

export interface RateLimitRule {
  by: RateLimitKey;
  points: number;
  seconds: number;
}

export interface RateLimitPolicy {
  /** What is limited, for the 429 message ("Too many sign-in attempts"). */
  what: string;
  rules: RateLimitRule[];
}

const MINUTE = 60;
const HOUR = 3600;

/**
 * The production limits. Each rule is its own counter; a request passes when every rule of its
 * policy has points left. `RATE_LIMIT_MULTIPLIER` scales them all, `RATE_LIMITS=policy.key=points/seconds`
 * replaces one (e.g. `posting.user=20/60`).
 */
export const RATE_LIMIT_POLICIES = {
  register: { what: 'sign-ups from this address', rules: [{ by: 'ip', points: 20, seconds: HOUR }] },
  login: {
    what: 'sign-in attempts',
    rules: [
      { by: 'ip-email', points: 10, seconds: MINUTE },
      { by: 'ip', points: 50, seconds: MINUTE },
    ],
  },
  'two-factor': { what: 'two-factor sign-in attempts', rules: [{ by: 'ip', points: 30, seconds: MINUTE }] },
  'password-reset': {
    what: 'password reset requests',
    rules: [
      { by: 'ip-email', points: 5, seconds: HOUR },
      { by: 'ip', points: 20, seconds: HOUR },
    ],
  },
  'verify-resend': { what: 'verification mails', rules: [{ by: 'user', points: 5, seconds: HOUR }] },
  refresh: { what: 'session refreshes', rules: [{ by: 'ip', points: 60, seconds: MINUTE }] },
  posting: { what: 'posts', rules: [{ by: 'user', points: 10, seconds: MINUTE }] },
  reactions: { what: 'reactions', rules: [{ by: 'user', points: 60, seconds: MINUTE }] },
  flags: { what: 'reports', rules: [{ by: 'user', points: 20, seconds: HOUR }] },
  uploads: { what: 'imports and code uploads', rules: [{ by: 'user', points: 10, seconds: HOUR }] },
  'webhook-sends': { what: 'webhook sends', rules: [{ by: 'user', points: 20, seconds: MINUTE }] },
  /** Socket events across every socket and process of one account (each socket also has its own burst limit). */
  socket: { what: 'socket events', rules: [{ by: 'user', points: 120, seconds: MINUTE }] },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;
