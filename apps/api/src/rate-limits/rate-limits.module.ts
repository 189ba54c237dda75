import { Global, Module } from '@nestjs/common';
import { RateLimitService } from './rate-limit.service';

/** Rate limits for every feature: `@RateLimit('posting')` on routes (rate-limit.guard.ts), RateLimitService for sockets. */
@Global()
@Module({
  providers: [RateLimitService],
  exports: [RateLimitService],
})
export class RateLimitsModule {}
