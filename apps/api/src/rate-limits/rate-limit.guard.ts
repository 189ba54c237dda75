import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimitedError } from '../common/domain-error';
import type { RateLimitPolicyName } from './rate-limit.policies';
import { RateLimitService } from './rate-limit.service';

const POLICY = 'kizuna:rate-limit';

/**
 * Counts the request against its policy and answers with the RateLimit-Limit/-Remaining/-Reset
 * headers; over the limit, 429 `RATE_LIMITED` with Retry-After (set by the exception filter).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<RateLimitPolicyName>(POLICY, context.getHandler());
    const request = context.switchToHttp().getRequest<Request & { user?: { id: string } }>();
    const response = context.switchToHttp().getResponse<Response>();
    const email: unknown = (request.body as { email?: unknown } | undefined)?.email;
    const verdict = await this.limits.consume(policy, { ip: request.ip, userId: request.user?.id, email: typeof email === 'string' ? email : undefined });
    response.setHeader('RateLimit-Limit', String(verdict.limit));
    response.setHeader('RateLimit-Remaining', String(verdict.remaining));
    response.setHeader('RateLimit-Reset', String(verdict.resetSeconds));
    if (!verdict.allowed) throw new RateLimitedError('RATE_LIMITED', verdict.message!, verdict.resetSeconds);
    return true;
  }
}

/**
 * Limits a route by a policy of rate-limit.policies.ts. Guards run in the order written from the
 * bottom up: put it ABOVE the route's @SignedIn()/@CommunityRoute() so per-account limits see the account.
 */
export const RateLimit = (policy: RateLimitPolicyName) => applyDecorators(SetMetadata(POLICY, policy), UseGuards(RateLimitGuard));
