import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

/** `Authorization: Bearer <accessToken>` → the account, loaded fresh (a removed account is refused). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UserRepository,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.jwtSecret, algorithms: ['HS256'] });
  }

  async validate(payload: { sub?: unknown }): Promise<UserEntity | false> {
    if (typeof payload.sub !== 'string') return false;
    return (await this.users.findById(payload.sub)) ?? false;
  }
}
