import type { Logger } from '@nestjs/common';

/**
 * A worker's loop: run `work` (which drains what is due) now, then every `pollMs`, and at once when
 * woken after a commit that queued something. Never two runs at a time; a failed run is logged and
 * the loop goes on. Timers are unref'd, so a loop alone never keeps the process up.
 */
export class BackgroundLoop {
  private timer?: NodeJS.Timeout;
  private running = false;
  private current?: Promise<void>;

  constructor(
    private readonly what: string,
    private readonly pollMs: number,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Runs soon unless a run is under way (it will see the new work, or the next poll will). */
  wake(): void {
    if (this.running && !this.current) this.schedule(0);
  }

  /** Stops polling and waits for a run under way. */
  stop(): Promise<void> | undefined {
    this.running = false;
    clearTimeout(this.timer);
    return this.current;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.current = this.work()
        .catch((error: unknown) => this.logger.error({ err: error }, `${this.what} failed`))
        .finally(() => {
          this.current = undefined;
          if (this.running) this.schedule(this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
