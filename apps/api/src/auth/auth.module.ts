import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthMailConsumer } from './auth-mail.consumer';
import { AuthController, MeController } from './auth.controller';
import { JwtAuthGuard, OptionalJwtAuthGuard } from './auth.guards';
import { AccountCache } from './account-cache';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptRepository } from './login-attempt.repository';
import { LoginThrottle } from './login-throttle';
import { SecurityController } from './security.controller';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';
import { TokenRepository } from './token.repository';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, MeController, SecurityController],
  providers: [
    AccountCache,
    AuthService,
    UserRepository,
    TokenRepository,
    JwtStrategy,
    JwtAuthGuard,
    OptionalJwtAuthGuard,
    AuthMailConsumer,
    SessionRepository,
    SessionsService,
    LoginAttemptRepository,
    LoginThrottle,
    TwoFactorRepository,
    TwoFactorService,
  ],
  exports: [AuthService, JwtAuthGuard, OptionalJwtAuthGuard],
})
export class AuthModule {}
