import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import { MailService } from '../mail/mail.service';
import { authMail } from './auth-mail.templates';
import { TokenRepository } from './token.repository';
import { UserRepository } from './user.repository';

const VERIFY_TTL_MINUTES = 48 * 60;
const RESET_TTL_MINUTES = 60;

/**
 * Sends the account mails as a consumer of the activity spine: the token is issued in the
 * dispatcher's transaction, so a retried delivery issues a fresh one and the earlier link stops
 * working rather than two links being valid. The mail leaves once that transaction has committed:
 * a link that arrives always works (sent earlier, a quick click could beat the commit, and a
 * rolled-back delivery would mail a token that never existed). Should sending fail then, the
 * person asks for the mail again (verification and reset both have a resend).
 */
@Injectable()
export class AuthMailConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'auth-mail';
  readonly types = ['account.registered', 'account.verification_requested', 'account.password_reset_requested', 'account.locked'];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: OutboxDispatcher,
    private readonly users: UserRepository,
    private readonly tokens: TokenRepository,
    private readonly mail: MailService,
    private readonly db: DatabaseService,
  ) {}

  private readonly logger = new Logger(AuthMailConsumer.name);

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    const user = event.actorId ? await this.users.findById(event.actorId) : null;
    if (!user) return;
    if (event.type === 'account.password_reset_requested') {
      const token = await this.tokens.issueEmailToken(user.id, 'password-reset', RESET_TTL_MINUTES);
      this.sendAfterCommit(authMail.passwordReset(user, `${this.config.publicWebUrl}/reset-password?token=${token}`));
      return;
    }
    if (event.type === 'account.locked') {
      this.sendAfterCommit(authMail.accountLocked(user, `${this.config.publicWebUrl}/forgot-password`));
      return;
    }
    if (user.emailVerifiedAt) return;
    const token = await this.tokens.issueEmailToken(user.id, 'verify-email', VERIFY_TTL_MINUTES);
    this.sendAfterCommit(authMail.verifyEmail(user, `${this.config.publicWebUrl}/verify-email?token=${token}`));
  }

  private sendAfterCommit(mail: Parameters<MailService['send']>[0]): void {
    this.db.afterCommit(() => {
      this.mail.send(mail).catch((error: unknown) => this.logger.error({ err: error, to: mail.to, subject: mail.subject }, 'account mail could not be sent'));
    });
  }
}
