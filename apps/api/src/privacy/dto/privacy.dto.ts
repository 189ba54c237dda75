import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../auth/password-policy';

export class EraseAccountDto {
  @ApiProperty({ description: 'The current password: erasure cannot be undone, so the person signs in again to confirm it' })
  @IsString({ message: 'password must be your current password' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class ExportAccountResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() locale!: string;
  @ApiProperty() emailVerified!: boolean;
  @ApiProperty() createdAt!: string;
}

export class ExportMembershipResponse {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty() joinedAt!: string;
}

export class ExportConsentResponse {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty({ enum: ['email', 'line', 'sms'] }) channel!: string;
  @ApiProperty() granted!: boolean;
  @ApiProperty() source!: string;
  @ApiProperty() at!: string;
}

/** Everything Kizuna holds about the signed-in person (GDPR Art. 15/20, 個人情報保護法 第33条). */
export class DataExportResponse {
  @ApiProperty() exportedAt!: string;
  @ApiProperty({ type: ExportAccountResponse }) account!: ExportAccountResponse;
  @ApiProperty({ type: [ExportMembershipResponse] }) memberships!: ExportMembershipResponse[];
  @ApiProperty({ type: [Object], description: 'Threads they started' }) threads!: object[];
  @ApiProperty({ type: [Object], description: 'Posts they wrote (Markdown)' }) posts!: object[];
  @ApiProperty({ type: [Object], description: 'Reactions they gave' }) reactions!: object[];
  @ApiProperty({ type: [Object], description: 'Per community: badges (with dates), titles, points ledger, total and rank' }) recognition!: object[];
  @ApiProperty({ type: [Object] }) notifications!: object[];
  @ApiProperty({ type: [ExportConsentResponse], description: 'Marketing consent as each community holds it now' }) consents!: ExportConsentResponse[];
  @ApiProperty({ type: [Object], description: 'Customer records linked to them, per community, with orders and consent history' }) customerRecords!: object[];
}
