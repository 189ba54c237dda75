import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { NormaliseEmail, OneLine } from '../../common/text';
import { PASSWORD_MAX_LENGTH } from '../password-policy';

/** An email address, normalised (NFKC, trimmed, lower-cased) before it is checked. */
const EmailAddress = () =>
  applyDecorators(NormaliseEmail(), IsString(), MaxLength(254), IsEmail({}, { message: 'email must be a valid email address' }));

export class RegisterDto {
  @ApiProperty({ example: 'sakura@example.com' })
  @EmailAddress()
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 8 characters and hard to guess' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ example: 'さくら', minLength: 1, maxLength: 40 })
  @OneLine('displayName', 1, 40)
  displayName!: string;

  @ApiProperty({ enum: ['ja', 'en'], required: false, description: 'Language of mails and pages; ja when omitted' })
  @IsOptional()
  @IsIn(['ja', 'en'])
  locale?: 'ja' | 'en';
}

export class LoginDto {
  @ApiProperty({ example: 'sakura@example.com' })
  @EmailAddress()
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the mailed link' })
  @IsString()
  @Length(10, 200, { message: 'token is malformed' })
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'sakura@example.com' })
  @EmailAddress()
  email!: string;
}

export class PasswordResetConfirmDto extends TokenDto {
  @ApiProperty({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() emailVerified!: boolean;
  @ApiProperty({ enum: ['ja', 'en'] }) locale!: string;
  @ApiProperty() createdAt!: string;
}

export class AuthResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
  @ApiProperty({ description: 'Short-lived JWT for `Authorization: Bearer`' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}

export class MembershipSummary {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['member', 'moderator', 'manager', 'analyst', 'owner'] }) role!: string;
  @ApiProperty() joinedAt!: string;
}

export class MeResponse extends UserResponse {
  @ApiProperty({ type: [MembershipSummary] }) memberships!: MembershipSummary[];
}

export class AcceptedResponse {
  @ApiProperty({ example: true }) accepted!: boolean;
}
