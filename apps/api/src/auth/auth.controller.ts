import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CurrentUser, SignedIn } from './auth.guards';
import { toAuthResponse, toUserResponse } from './auth.mapper';
import { AuthService, type Session } from './auth.service';
import { LoginTwoFactorDto, TwoFactorChallengeResponse } from './dto/security.dto';
import type { SessionMeta } from './session.repository';
import {
  AcceptedResponse,
  AuthResponse,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RegisterDto,
  TokenDto,
  UserResponse,
} from './dto/auth.dto';
import type { UserEntity } from './user.entity';
import { ApiErrors } from '../common/error-response.dto';
import { CsrfProtected } from '../common/csrf.guard';
import { RateLimit } from '../rate-limits/rate-limit.guard';

export const REFRESH_COOKIE = 'kizuna_refresh';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Where a session signs in from, for the sessions list. */
const sessionMeta = (req: Request): SessionMeta => ({ ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 500) ?? null });

@ApiTags('auth')
@ApiErrors()
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Post('register')
  @RateLimit('register')
  @ApiOperation({ summary: 'Create an account and sign in; a verification link is mailed' })
  @ApiResponse({ status: 201, type: AuthResponse })
  async register(@Body() body: RegisterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.register(body, sessionMeta(req)));
  }

  @Post('login')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({
    summary: 'Sign in; the refresh token is set as an httpOnly cookie. With two-factor on, answers a challenge instead (no tokens) for POST /auth/login/two-factor. Repeated failures wait (429 TOO_MANY_ATTEMPTS) and then lock the account (429 ACCOUNT_LOCKED), with Retry-After',
  })
  @ApiExtraModels(AuthResponse, TwoFactorChallengeResponse)
  @ApiResponse({ status: 200, schema: { oneOf: [{ $ref: getSchemaPath(AuthResponse) }, { $ref: getSchemaPath(TwoFactorChallengeResponse) }] } })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse | TwoFactorChallengeResponse> {
    const outcome = await this.auth.login(body, sessionMeta(req));
    return 'challenge' in outcome ? { twoFactorRequired: true, challenge: outcome.challenge } : this.respond(res, outcome.session);
  }

  @Post('login/two-factor')
  @HttpCode(200)
  @RateLimit('two-factor')
  @ApiOperation({ summary: "Sign in's second step: the challenge with a code from the authenticator app, or a recovery code (each works once)" })
  @ApiResponse({ status: 200, type: AuthResponse })
  async loginTwoFactor(@Body() body: LoginTwoFactorDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.loginTwoFactor(body.challenge, body, sessionMeta(req)));
  }

  @Post('refresh')
  @HttpCode(200)
  @CsrfProtected()
  @RateLimit('refresh')
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)' })
  @ApiResponse({ status: 200, type: AuthResponse })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.refresh(req.cookies?.[REFRESH_COOKIE], sessionMeta(req)));
  }

  @Post('logout')
  @HttpCode(204)
  @CsrfProtected()
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Revoke the refresh token family and clear the cookie' })
  @ApiResponse({ status: 204 })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(req.cookies?.[REFRESH_COOKIE]);
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the email address with the mailed token' })
  @ApiResponse({ status: 200, type: UserResponse })
  async verifyEmail(@Body() body: TokenDto): Promise<UserResponse> {
    return toUserResponse(await this.auth.verifyEmail(body.token));
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @RateLimit('verify-resend')
  @SignedIn()
  @ApiOperation({ summary: 'Mail a new verification link' })
  @ApiResponse({ status: 202, type: AcceptedResponse })
  async resendVerification(@CurrentUser() user: UserEntity): Promise<AcceptedResponse> {
    await this.auth.resendVerification(user);
    return { accepted: true };
  }

  @Post('password-reset')
  @HttpCode(202)
  @RateLimit('password-reset')
  @ApiOperation({ summary: 'Mail a password reset link (accepted whether or not the email is registered)' })
  @ApiResponse({ status: 202, type: AcceptedResponse })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<AcceptedResponse> {
    await this.auth.requestPasswordReset(body.email);
    return { accepted: true };
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the mailed token; signs out every session' })
  @ApiResponse({ status: 204 })
  async resetPassword(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.auth.resetPassword(body);
  }

  private respond(res: Response, session: Session): AuthResponse {
    res.cookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      secure: this.config.cookieSecure,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      maxAge: this.config.refreshTokenTtlDays * 86_400_000,
    });
    return toAuthResponse(session);
  }
}

@ApiTags('me')
@ApiErrors()
@Controller('me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiResponse({ status: 200, type: UserResponse })
  async me(@CurrentUser() user: UserEntity): Promise<UserResponse> {
    // As stored now: the request's copy of the account may be up to a second old (AccountCache).
    return toUserResponse((await this.auth.findAccount(user.id)) ?? user);
  }
}
