import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CurrentUser, SignedIn } from './auth.guards';
import { toAuthResponse, toUserResponse } from './auth.mapper';
import { AuthService, type Session } from './auth.service';
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

export const REFRESH_COOKIE = 'kizuna_refresh';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

@ApiTags('auth')
@ApiErrors()
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in; a verification link is mailed' })
  @ApiResponse({ status: 201, type: AuthResponse })
  async register(@Body() body: RegisterDto, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.register(body));
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; the refresh token is set as an httpOnly cookie' })
  @ApiResponse({ status: 200, type: AuthResponse })
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.login(body));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)' })
  @ApiResponse({ status: 200, type: AuthResponse })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.refresh(req.cookies?.[REFRESH_COOKIE]));
  }

  @Post('logout')
  @HttpCode(204)
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
  @SignedIn()
  @ApiOperation({ summary: 'Mail a new verification link' })
  @ApiResponse({ status: 202, type: AcceptedResponse })
  async resendVerification(@CurrentUser() user: UserEntity): Promise<AcceptedResponse> {
    await this.auth.resendVerification(user);
    return { accepted: true };
  }

  @Post('password-reset')
  @HttpCode(202)
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
  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiResponse({ status: 200, type: UserResponse })
  me(@CurrentUser() user: UserEntity): UserResponse {
    return toUserResponse(user);
  }
}
