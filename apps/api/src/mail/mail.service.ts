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

  private readonly sending = new Set<Promise<void>>();

  send(mail: Mail): Promise<void> {
    const sending = this.deliver(mail);
    this.sending.add(sending);
    void sending.catch(() => undefined).finally(() => this.sending.delete(sending));
    return sending;
  }

  /** Waits for the mails being sent (tests, and a graceful shutdown). */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.allSettled([...this.sending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async deliver(mail: Mail): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
    if (!this.outbox) return;
    await mkdir(this.outbox, { recursive: true });
    const file = join(this.outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[<>@]/g, '')}.eml`);
    await writeFile(file, info.message as Buffer);
    this.logger.log({ to: mail.to, subject: mail.subject, file, text: mail.text }, 'mail written to file (no SMTP_URL)');
  }
}
