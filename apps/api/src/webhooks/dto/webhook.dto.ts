import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook-delivery.entity';
import { WEBHOOK_EVENTS } from '../webhook-events';

const URL_RULE = { protocols: ['https', 'http'], require_protocol: true, require_tld: false, allow_underscores: true };
const URL_MESSAGE = { message: 'url must be an https URL' };
const EVENTS_MESSAGE = `events must list event types among: ${WEBHOOK_EVENTS.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/kizuna', description: 'HTTPS (plain HTTP to localhost only outside production)' })
  @IsString(URL_MESSAGE)
  @MaxLength(2000)
  @IsUrl(URL_RULE, URL_MESSAGE)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayMinSize(1, { message: EVENTS_MESSAGE })
  @ArrayMaxSize(WEBHOOK_EVENTS.length * 2, { message: EVENTS_MESSAGE })
  @IsIn(WEBHOOK_EVENTS, { each: true, message: EVENTS_MESSAGE })
  events!: string[];

  @ApiProperty({ required: false, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ required: false, description: 'true when omitted' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto {
  @ApiProperty({ required: false, description: 'HTTPS (plain HTTP to localhost only outside production)' })
  @IsOptional()
  @IsString(URL_MESSAGE)
  @MaxLength(2000)
  @IsUrl(URL_RULE, URL_MESSAGE)
  url?: string;

  @ApiProperty({ required: false, enum: WEBHOOK_EVENTS, isArray: true })
  @IsOptional()
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayMinSize(1, { message: EVENTS_MESSAGE })
  @ArrayMaxSize(WEBHOOK_EVENTS.length * 2, { message: EVENTS_MESSAGE })
  @IsIn(WEBHOOK_EVENTS, { each: true, message: EVENTS_MESSAGE })
  events?: string[];

  @ApiProperty({ required: false, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of: ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: string[];
  @ApiProperty() description!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret, shown this once: keep it in the receiving system' }) secret!: string;
}

export class WebhookSecretResponse {
  @ApiProperty({ description: 'The new signing secret, shown this once; the old one stops signing at once' }) secret!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty() attempt!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the answer; null when there was none (timeout, refused)' }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() durationMs!: number;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'The activity reported' }) activityId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'When the next try is due (pending or failed)' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The start of the last answer' }) responseExcerpt!: string | null;
  @ApiProperty({ type: [DeliveryAttemptResponse] }) attemptLog!: DeliveryAttemptResponse[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The delivery this one replays' }) replayOf!: string | null;
  @ApiProperty({ type: Object, description: 'The JSON body sent' }) payload!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items!: WebhookDeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
