import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../password-policy';

/** A 6-digit TOTP code. */
const TotpCode = (required: boolean) =>
  applyDecorators(
    ApiProperty({ required, example: '123456', description: 'The 6-digit code shown by the authenticator app' }),
    ...(required ? [] : [IsOptional()]),
    IsString(),
    Matches(/^\d{6}$/, { message: 'code must be the 6 digits shown by your authenticator app' }),
  );

export class TwoFactorCodeDto {
  @TotpCode(true)
  code!: string;
}

/** Proof that the signed-in person is at the keyboard: a current code, or else the password. */
export class ReauthenticateDto {
  @TotpCode(false)
  code?: string;

  @ApiProperty({ required: false, description: 'The account password (when no code is given)' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class LoginTwoFactorDto {
  @ApiProperty({ description: 'The challenge from POST /auth/login' })
  @IsString()
  @Length(20, 100, { message: 'challenge is malformed' })
  challenge!: string;

  @TotpCode(false)
  code?: string;

  @ApiProperty({ required: false, example: 'abcde-fghjk', description: 'A recovery code, instead of a code' })
  @IsOptional()
  @IsString()
  @Length(10, 20, { message: 'recoveryCode must be one of your recovery codes, like abcde-fghjk' })
  recoveryCode?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class TwoFactorChallengeResponse {
  @ApiProperty({ example: true }) twoFactorRequired!: true;
  @ApiProperty({ description: 'Send it with a code to POST /auth/login/two-factor within 5 minutes' }) challenge!: string;
}

export class TwoFactorStatusResponse {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String }) enabledAt!: string | null;
  @ApiProperty({ description: 'Unused recovery codes' }) recoveryCodesLeft!: number;
}

export class TwoFactorSetupResponse {
  @ApiProperty({ description: 'Base32 secret, for typing into the app by hand' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Kizuna:sakura%40example.com?secret=...' }) otpauthUri!: string;
  @ApiProperty({ description: 'The otpauth URI as a QR code (PNG data URL)' }) qrDataUrl!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({ type: [String], description: 'Shown once: each works one time instead of a code' }) recoveryCodes!: string[];
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastUsedAt!: string;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ description: 'The session of this request' }) current!: boolean;
}

export class RevokedSessionsResponse {
  @ApiProperty({ description: 'Sessions ended' }) revoked!: number;
}
