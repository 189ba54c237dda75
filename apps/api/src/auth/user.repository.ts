import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { AccountCache } from './account-cache';
import { UserEntity } from './user.entity';

/** Accounts are global (not community-owned): one account, a membership per community. */
@Injectable()
export class UserRepository {
  constructor(
    private readonly db: DatabaseService,
    private readonly cache: AccountCache,
  ) {}

  private get repository() {
    return this.db.manager.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repository.findOneBy({ id });
  }

  /**
   * The account behind an access token, in one round trip: only while the token's session is live
   * (not revoked, not expired) and the account is not erased — checked on every signed-in request.
   */
  findWithLiveSession(userId: string, sessionId: string): Promise<UserEntity | null> {
    return this.cache.get(`${userId}:${sessionId}`, () =>
      this.repository
        .createQueryBuilder('u')
        .where('u.id = :userId AND u.erasedAt IS NULL', { userId })
        .andWhere('EXISTS (SELECT 1 FROM sessions s WHERE s.id = :sessionId AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now())', { sessionId })
        .getOne(),
    );
  }

  /** Names only (no secrets, less to load): for showing who wrote or did something. */
  findNames(ids: string[]): Promise<Array<Pick<UserEntity, 'id' | 'displayName' | 'erasedAt'>>> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.repository.createQueryBuilder('u').select(['u.id', 'u.displayName', 'u.erasedAt']).where('u.id = ANY(:ids)', { ids }).getMany();
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  findByDisplayNames(names: string[]): Promise<UserEntity[]> {
    return names.length === 0 ? Promise.resolve([]) : this.repository.createQueryBuilder('u').where('u.displayName = ANY(:names)', { names }).getMany();
  }

  /** Accounts with one of these (normalised) emails that they have confirmed. */
  findVerifiedByEmails(emails: string[]): Promise<UserEntity[]> {
    return emails.length === 0
      ? Promise.resolve([])
      : this.repository.createQueryBuilder('u').where('u.email = ANY(:emails) AND u.emailVerifiedAt IS NOT NULL', { emails }).getMany();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repository.findOneBy({ email });
  }

  /** Inserts unless the email is taken (then `null`): the unique index decides, not a prior read. */
  async insertIfEmailFree(values: Pick<UserEntity, 'email' | 'displayName' | 'passwordHash' | 'locale'>): Promise<UserEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values(values).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.findById(id) : null;
  }

  /**
   * Turns the account into a tombstone: no password, no name, an address nobody can type (not an
   * email, so it can never sign in or be mailed) freeing the real one for a new registration.
   */
  async erase(id: string): Promise<boolean> {
    this.cache.forgetAccount(id);
    const result = await this.repository.update(
      { id, erasedAt: IsNull() },
      { email: `erased:${id}`, displayName: '', passwordHash: '', emailVerifiedAt: null, erasedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  async update(id: string, values: Partial<Pick<UserEntity, 'passwordHash' | 'emailVerifiedAt' | 'displayName' | 'locale'>>): Promise<void> {
    this.cache.forgetAccount(id);
    await this.repository.update({ id }, values);
  }
}
