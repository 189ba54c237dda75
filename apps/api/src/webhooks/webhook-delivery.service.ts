import { lookup } from 'node:dns/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '../common/background-loop';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type ClaimedDelivery, type DeliveryOutcome, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { signatureHeader } from './webhook-signature';
import { isPrivateAddress } from './webhook-url';

export interface DeliveryOptions {
  batchSize: number;
  /** How long a claimed delivery is left to its worker before another may try it (well above the timeout). */
  leaseSeconds: number;
  timeoutMs: number;
  /** Seconds before try n + 1 after try n failed; the last try is the length + 1. */
  backoffSeconds: readonly number[];
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  batchSize: 20,
  leaseSeconds: 120,
  timeoutMs: 10_000,
  // 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h: eight tries over about two days, then dead.
  backoffSeconds: [30, 120, 600, 3600, 6 * 3600, 12 * 3600, 24 * 3600],
};

const POLL_MS = 1000;
const EXCERPT_BYTES = 1024;

/**
 * Sends queued webhook deliveries: claims due ones by lease (see WebhookDeliveriesRepository
 * .claimDue), POSTs each signed JSON body with a 10 s timeout outside any transaction, and records
 * the outcome: a 2xx is success; anything else (another status, a redirect, a timeout, a refused
 * connection) is retried with backoff, and the delivery is dead after the last try. Any number of
 * API processes may run it. Deliveries are not ordered (a batch goes out at once, retries come
 * later): receivers order by `occurredAt`.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly background = new BackgroundLoop('webhook delivery', POLL_MS, () => this.drain(), this.logger);
  private options = DEFAULT_DELIVERY_OPTIONS;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  configure(options: Partial<DeliveryOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /**
   * Claims and sends one batch of due deliveries; returns how many it claimed. `now` stands in for
   * the clock (tests let time pass with it); the database's clock otherwise.
   */
  async runBatch(now?: Date): Promise<number> {
    const claimed = await this.deliveries.claimDue(this.options.batchSize, this.options.leaseSeconds, now ?? null);
    await Promise.all(claimed.map(async (delivery) => this.deliveries.record(delivery.id, delivery.attempts, await this.send(delivery), now ?? null)));
    return claimed.length;
  }

  /** Sends until nothing is due (tests and the CLI); failed deliveries wait for their next try. */
  async drain(now?: Date): Promise<void> {
    while ((await this.runBatch(now)) > 0);
  }

  start(): void {
    this.background.start();
  }

  /** Something was queued or released: send now rather than at the next poll. */
  wake(): void {
    this.background.wake();
  }

  onApplicationShutdown(): Promise<void> | undefined {
    return this.background.stop();
  }

  private async send(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const { id, type, occurredAt, community, data } = delivery.payload;
    const body = JSON.stringify({ id, type, occurredAt, community, data });
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let excerpt: string | null = null;
    try {
      if (this.config.env === 'production') await refusePrivateDestination(delivery.url);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Kizuna-Webhooks/1',
          'X-Kizuna-Event': delivery.eventType,
          'X-Kizuna-Delivery': delivery.id,
          'X-Kizuna-Timestamp': String(timestamp),
          'X-Kizuna-Signature': signatureHeader(delivery.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      statusCode = response.status;
      excerpt = await readExcerpt(response);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = describeFailure(caught, this.options.timeoutMs);
    }
    const attempt = { attempt: delivery.attempts, at: new Date(started).toISOString(), statusCode, error, durationMs: Date.now() - started };
    if (error === null) return { status: 'succeeded', retryInSeconds: null, statusCode, error, responseExcerpt: excerpt, attempt };
    const wait = this.options.backoffSeconds[delivery.attempts - 1];
    if (wait === undefined) this.logger.warn({ deliveryId: delivery.id, webhookId: delivery.webhookId, attempts: delivery.attempts, error }, 'webhook delivery dead');
    return { status: wait === undefined ? 'dead' : 'failed', retryInSeconds: wait ?? null, statusCode, error, responseExcerpt: excerpt, attempt };
  }

}

/** In production, an endpoint whose name resolves to a private address is refused (the URL check at registration sees only the name). */
async function refusePrivateDestination(url: string): Promise<void> {
  const addresses = await lookup(new URL(url).hostname, { all: true });
  if (addresses.some((a) => isPrivateAddress(a.address))) throw new Error('url resolves to a private address');
}

/** The start of the answer, for the log; the rest is not read. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body cut short still leaves the status to judge by.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  return text === '' ? null : text;
}

/** A short reason for the log: a timeout, the network error's code (ECONNREFUSED, ENOTFOUND…), or the message. Duck-typed: fetch's errors come from another realm (DOMException, undici). */
function describeFailure(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs / 1000} s`;
  return String(cause?.code ?? cause?.message ?? message ?? error).slice(0, 500);
}
