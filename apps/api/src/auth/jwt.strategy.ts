import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import type { UserEntity } from './user.entity';

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
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object made once: given the string, jsonwebtoken re-derives a key on every request
      // (first trying it as a public key and catching the failure) — a sixth of a thread list's CPU.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
  }

  async validate(request: Request, payload: { sub?: unknown; sid?: unknown }): Promise<UserEntity | false> {
    const user = await this.auth.accountForSession(payload);
    if (!user) return false;
    (request as Request & { sessionId?: string }).sessionId = payload.sid as string;
    return user;
  }
}
