import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '../common/background-loop';
import { SegmentsRepository } from './segments.repository';
import { SegmentsService } from './segments.service';

/** Every minute: who entered which segment (customers change with imports, links, orders, activity). */
const POLL_MS = 60_000;

/** Keeps segment membership current in the background and announces entries (`segment.entered`). */
@Injectable()
export class SegmentMembershipService implements OnApplicationShutdown {
  private readonly logger = new Logger(SegmentMembershipService.name);
  private readonly background = new BackgroundLoop('segment membership', POLL_MS, () => this.refreshAll().then(() => undefined), this.logger);

  constructor(
    private readonly segments: SegmentsRepository,
    private readonly service: SegmentsService,
  ) {}

  start(): void {
    this.background.start();
  }

  onApplicationShutdown(): Promise<void> | undefined {
    return this.background.stop();
  }

  /** Re-evaluates every community's segments; returns how many entries were announced. */
  async refreshAll(): Promise<number> {
    let entered = 0;
    for (const communityId of await this.segments.communitiesWithSegments()) entered += await this.service.refreshMembership(communityId);
    return entered;
  }
}
