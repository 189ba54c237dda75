import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import {
  CreateWebhookDto,
  DeliveryQueryDto,
  UpdateWebhookDto,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhookSecretResponse,
  WebhookWithSecretResponse,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';
import { RateLimit } from '../rate-limits/rate-limit.guard';

const SIGNING =
  'Each delivery is a POST of `{ id, type, occurredAt, community: { id, slug }, data }` with `X-Kizuna-Event`, `X-Kizuna-Delivery`, `X-Kizuna-Timestamp` and ' +
  '`X-Kizuna-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`; answer 2xx within 10 s, or it is retried with backoff (8 tries).';

@ApiTags('webhooks')
@ApiErrors()
@Controller('communities/:slug/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Webhook endpoints of the community (owner, manager or analyst); secrets are never listed' })
  @ApiResponse({ status: 200, type: [WebhookResponse] })
  list(@Community() ctx: CommunityContext): Promise<WebhookResponse[]> {
    return this.webhooks.list(ctx);
  }

  @Post()
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Register an endpoint for events (owner or manager); the signing secret is in this answer only', description: SIGNING })
  @ApiResponse({ status: 201, type: WebhookWithSecretResponse })
  create(@Community() ctx: CommunityContext, @Body() body: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    return this.webhooks.create(ctx, body);
  }

  @Patch(':webhookId')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Change the URL, events, description, or pause and resume the endpoint (owner or manager)' })
  @ApiResponse({ status: 200, type: WebhookResponse })
  update(@Community() ctx: CommunityContext, @Param('webhookId', idOf('webhook')) webhookId: string, @Body() body: UpdateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.update(ctx, webhookId, body);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Delete the endpoint and its delivery log (owner or manager)' })
  @ApiResponse({ status: 204 })
  remove(@Community() ctx: CommunityContext, @Param('webhookId', idOf('webhook')) webhookId: string): Promise<void> {
    return this.webhooks.remove(ctx, webhookId);
  }

  @Post(':webhookId/rotate-secret')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Replace the signing secret (owner or manager); the new one is in this answer only' })
  @ApiResponse({ status: 201, type: WebhookSecretResponse })
  rotateSecret(@Community() ctx: CommunityContext, @Param('webhookId', idOf('webhook')) webhookId: string): Promise<WebhookSecretResponse> {
    return this.webhooks.rotateSecret(ctx, webhookId);
  }

  @Get(':webhookId/deliveries')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'The delivery log of an endpoint, newest first (cursor), with each try and its response code' })
  @ApiResponse({ status: 200, type: WebhookDeliveryPageResponse })
  deliveries(@Community() ctx: CommunityContext, @Param('webhookId', idOf('webhook')) webhookId: string, @Query() query: DeliveryQueryDto): Promise<WebhookDeliveryPageResponse> {
    return this.webhooks.deliveryLog(ctx, webhookId, query);
  }

  @Post(':webhookId/deliveries/:deliveryId/replay')
  @RateLimit('webhook-sends')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Send a delivery again, as a new delivery with the same body (owner or manager)' })
  @ApiResponse({ status: 201, type: WebhookDeliveryResponse })
  replay(
    @Community() ctx: CommunityContext,
    @Param('webhookId', idOf('webhook')) webhookId: string,
    @Param('deliveryId', idOf('delivery')) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return this.webhooks.replay(ctx, webhookId, deliveryId);
  }
}
