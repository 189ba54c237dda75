import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../../common/text';
import { MemberProfileResponse } from '../../recognition/dto/profile.dto';
import { CONSENT_CHANNELS, type ConsentChannel } from '../contact.entity';

export class ConsentResponse {
  @ApiProperty() granted!: boolean;
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'import:shopify.csv' }) source!: string;
}

export class ConsentsResponse {
  @ApiProperty({ type: ConsentResponse, nullable: true }) email!: ConsentResponse | null;
  @ApiProperty({ type: ConsentResponse, nullable: true }) line!: ConsentResponse | null;
  @ApiProperty({ type: ConsentResponse, nullable: true }) sms!: ConsentResponse | null;
}

export class ContactSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() familyName!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyNameKana!: string;
  @ApiProperty() givenNameKana!: string;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ nullable: true, type: String }) customerNumber!: string | null;
  @ApiProperty({ type: ConsentsResponse }) consent!: ConsentsResponse;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) linkedUserId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When its personal data was erased on request' }) erasedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ConsentEventResponse {
  @ApiProperty({ enum: ['email', 'line', 'sms'] }) channel!: string;
  @ApiProperty() granted!: boolean;
  @ApiProperty({ description: 'Where the change came from (e.g. import:contacts.csv, erasure)' }) source!: string;
  @ApiProperty() at!: string;
}

export class ContactPageResponse {
  @ApiProperty({ type: [ContactSummaryResponse] }) items!: ContactSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class OrderTotalsResponse {
  @ApiProperty() currency!: string;
  @ApiProperty() orders!: number;
  @ApiProperty({ description: 'Minor units' }) spend!: number;
  @ApiProperty({ description: 'Minor units' }) averageOrder!: number;
  @ApiProperty() firstPurchaseAt!: string;
  @ApiProperty() lastPurchaseAt!: string;
}

export class LineItemResponse {
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'Minor units' }) unitPrice!: number;
}

export class OrderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty() purchasedAt!: string;
  @ApiProperty({ description: 'Minor units of the currency' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ type: [LineItemResponse] }) lineItems!: LineItemResponse[];
}

export class RfmResponse {
  @ApiProperty({ description: 'Scores compare customers in this currency' }) currency!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) r!: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) f!: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) m!: number;
  @ApiProperty({ example: 'champions' }) segment!: string;
}

export class ContactDetailResponse extends ContactSummaryResponse {
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) birthDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) gender!: string | null;
  @ApiProperty({ type: Object }) attributes!: Record<string, string>;
  @ApiProperty() source!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['email', 'number', 'manual'] }) linkMethod!: string | null;
  @ApiProperty({ nullable: true, type: String }) linkedAt!: string | null;
  @ApiProperty({ type: [OrderTotalsResponse] }) totals!: OrderTotalsResponse[];
  @ApiProperty({ type: [OrderResponse], description: 'The latest 50' }) orders!: OrderResponse[];
  @ApiProperty({ type: RfmResponse, nullable: true }) rfm!: RfmResponse | null;
  @ApiProperty({ type: MemberProfileResponse, nullable: true, description: 'The linked member: title, badges, rank, recent activity' }) member!: MemberProfileResponse | null;
}

export class ContactQueryDto {
  @ApiProperty({ required: false, description: 'Name, kana, email or external id' }) @IsOptional() @Trim() @IsString() @MaxLength(100) q?: string;
  @ApiProperty({ required: false, description: 'Only linked (true) or unlinked (false) contacts' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;
  @ApiProperty({ required: false, enum: CONSENT_CHANNELS, description: 'Only contacts who consented to this channel' })
  @IsOptional()
  @IsIn(CONSENT_CHANNELS, { message: `consent must be one of: ${CONSENT_CHANNELS.join(', ')}` })
  consent?: ConsentChannel;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}

export class LinkContactDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'userId must be a user id' }) userId!: string;
}

export class ClaimCustomerDto {
  @ApiProperty({ example: 'K-000123' }) @Trim() @IsString() @MaxLength(60) customerNumber!: string;
  @ApiProperty({ example: '1990-04-01', description: 'Your birth date (YYYY-MM-DD) or phone number as the shop knows it' })
  @Trim()
  @IsString()
  @MaxLength(40)
  verifier!: string;
}

export class LinkConflictResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() method!: string;
  @ApiProperty() createdAt!: string;
}
