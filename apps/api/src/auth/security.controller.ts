import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { CurrentUser, SignedIn } from './auth.guards';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  ReauthenticateDto,
  RecoveryCodesResponse,
  RevokedSessionsResponse,
  SessionResponse,
  TwoFactorCodeDto,
  TwoFactorSetupResponse,
  TwoFactorStatusResponse,
} from './dto/security.dto';
import { sessionIdOf } from './jwt.strategy';
import { SessionsService } from './sessions.service';
import { TwoFactorService } from './two-factor.service';
import type { UserEntity } from './user.entity';

/** The signed-in person's own security: two-factor sign-in, sessions on their devices, password. */
@ApiTags('me')
@ApiErrors()
@Controller('me')
export class SecurityController {
  constructor(
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('two-factor')
  @SignedIn()
  @ApiOperation({ summary: 'Whether two-factor sign-in is on, and how many recovery codes are left' })
  @ApiResponse({ status: 200, type: TwoFactorStatusResponse })
  async twoFactorStatus(@CurrentUser() user: UserEntity): Promise<TwoFactorStatusResponse> {
    const status = await this.twoFactor.status(user);
    return { ...status, enabledAt: status.enabledAt?.toISOString() ?? null };
  }

  @Post('two-factor/setup')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Start setting up two-factor sign-in: a new secret and its QR code (nothing changes until it is confirmed)' })
  @ApiResponse({ status: 200, type: TwoFactorSetupResponse })
  setupTwoFactor(@CurrentUser() user: UserEntity): Promise<TwoFactorSetupResponse> {
    return this.twoFactor.setup(user);
  }

  @Post('two-factor/enable')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Turn two-factor sign-in on with a code from the new secret; answers the recovery codes, shown this once' })
  @ApiResponse({ status: 200, type: RecoveryCodesResponse })
  async enableTwoFactor(@CurrentUser() user: UserEntity, @Body() body: TwoFactorCodeDto): Promise<RecoveryCodesResponse> {
    return { recoveryCodes: await this.twoFactor.enable(user, body.code) };
  }

  @Post('two-factor/disable')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'Turn two-factor sign-in off (a current code or the password)' })
  @ApiResponse({ status: 204 })
  async disableTwoFactor(@CurrentUser() user: UserEntity, @Body() body: ReauthenticateDto): Promise<void> {
    await this.twoFactor.disable(user, body);
  }

  @Post('two-factor/recovery-codes')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'New recovery codes; the old ones stop working (a current code or the password)' })
  @ApiResponse({ status: 200, type: RecoveryCodesResponse })
  async regenerateRecoveryCodes(@CurrentUser() user: UserEntity, @Body() body: ReauthenticateDto): Promise<RecoveryCodesResponse> {
    return { recoveryCodes: await this.twoFactor.regenerateRecoveryCodes(user, body) };
  }

  @Get('sessions')
  @SignedIn()
  @ApiOperation({ summary: 'My sessions (signed-in devices), most recently used first; `current` marks this one' })
  @ApiResponse({ status: 200, type: [SessionResponse] })
  async listSessions(@CurrentUser() user: UserEntity, @Req() req: Request): Promise<SessionResponse[]> {
    const current = sessionIdOf(req);
    return (await this.sessions.list(user.id)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === current,
    }));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'Sign out one session: its refresh and access tokens stop working' })
  @ApiResponse({ status: 204 })
  async revokeSession(@CurrentUser() user: UserEntity, @Param('id', idOf('session')) id: string): Promise<void> {
    await this.sessions.revoke(user.id, id);
  }

  @Delete('sessions')
  @SignedIn()
  @ApiOperation({ summary: 'Sign out every other session' })
  @ApiResponse({ status: 200, type: RevokedSessionsResponse })
  async revokeOtherSessions(@CurrentUser() user: UserEntity, @Req() req: Request): Promise<RevokedSessionsResponse> {
    return { revoked: await this.sessions.revokeOthers(user.id, sessionIdOf(req)) };
  }

  @Post('password')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'Change the password (the current one is required); every other session is signed out' })
  @ApiResponse({ status: 204 })
  async changePassword(@CurrentUser() user: UserEntity, @Req() req: Request, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, sessionIdOf(req), body.currentPassword, body.newPassword);
  }
}
