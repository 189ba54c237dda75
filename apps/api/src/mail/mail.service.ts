import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail through `SMTP_URL`. Without it, each mail is written to `<DATA_DIR>/mail/` as an .eml
 * file and logged, so a trial install can still follow verification and reset links.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private readonly outbox?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.transport = createTransport(config.smtpUrl);
    } else {
      this.outbox = join(config.dataDir, 'mail');
      this.transport = createTransport({ streamTransport: true, buffer: true });
    }
  }

  /** Mails leave one after another, in the order they were handed over (a resent link after the first). */
  private queue: Promise<void> = Promise.resolve();
  private written = 0;

  send(mail: Mail): Promise<void> {
    const sending = this.queue.then(() => this.deliver(mail));
    this.queue = sending.catch(() => undefined);
    return sending;
  }

  /** Waits for the mails being sent (tests, and a graceful shutdown). */
  async settled(): Promise<void> {
    for (let last: Promise<void> | null = null; last !== this.queue; ) {
      last = this.queue;
      await last;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async deliver(mail: Mail): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
    if (!this.outbox) return;
    await mkdir(this.outbox, { recursive: true });
    // Named by time and then by order, so files sort as the mails were sent.
    this.written += 1;
    const file = join(this.outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(this.written).padStart(6, '0')}-${info.messageId.replace(/[<>@]/g, '')}.eml`);
    await writeFile(file, info.message as Buffer);
    this.logger.log({ to: mail.to, subject: mail.subject, file, text: mail.text }, 'mail written to file (no SMTP_URL)');
  }
}
