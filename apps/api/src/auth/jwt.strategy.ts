import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';
import { SessionRepository } from './session.repository';

/** The session (`sid`) of the access token a request was authenticated with. */
export const sessionIdOf = (request: Request): string | null => (request as Request & { sessionId?: string }).sessionId ?? null;

/**
 * `Authorization: Bearer <accessToken>` → the account, loaded fresh (a removed account is refused),
 * while the token's session is live: a revoked session's access tokens stop working at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.jwtSecret, algorithms: ['HS256'], passReqToCallback: true });
  }

  async validate(request: Request, payload: { sub?: unknown; sid?: unknown }): Promise<UserEntity | false> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    if (!(await this.sessions.isActive(payload.sid, payload.sub))) return false;
    (request as Request & { sessionId?: string }).sessionId = payload.sid;
    const user = await this.users.findById(payload.sub);
    return user && !user.erasedAt ? user : false;
  }
}
