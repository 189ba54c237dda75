import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OutboxRepository } from '../activity/outbox.repository';
import { REDIS, type RedisClient } from '../redis/redis.module';
import { ApiErrors } from '../common/error-response.dto';

class OutboxHealth {
  @ApiProperty() pending!: number;
  @ApiProperty({ description: 'Rows that failed too often; re-drive with `npm run outbox -- redrive`' }) parked!: number;
}

class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down', 'disabled'] }) redis!: 'up' | 'down' | 'disabled';
  @ApiProperty({ type: OutboxHealth, nullable: true }) outbox!: OutboxHealth | null;
}

@ApiTags('health')
@ApiErrors()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the database (and Redis when configured); 503 when one is down' })
  @ApiResponse({ status: 200, type: HealthResponse })
  @ApiResponse({ status: 503, type: HealthResponse })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const outbox = await this.outbox.stats().catch(() => null);
    const database = outbox ? 'up' : 'down';
    const redis = this.redis ? await this.redis.ping().then(() => 'up' as const, () => 'down' as const) : 'disabled';
    const body: HealthResponse = { status: database === 'up' && redis !== 'down' ? 'ok' : 'degraded', database, redis, outbox };
    // 503 with the same body, so a probe and a person both see which dependency is down.
    if (body.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
