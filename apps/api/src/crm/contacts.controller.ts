import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { ContactsService, toContactSummary } from './contacts.service';
import { ClaimCustomerDto, ContactDetailResponse, ContactPageResponse, ContactQueryDto, ContactSummaryResponse, LinkConflictResponse, LinkContactDto } from './dto/contact.dto';
import { LinkingService } from './linking.service';

@ApiTags('crm')
@ApiErrors()
@Controller('communities/:slug')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly linking: LinkingService,
  ) {}

  @Get('crm/contacts')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Customer records, newest first, by search (name, kana, email, id), link and consent' })
  @ApiResponse({ status: 200, type: ContactPageResponse })
  list(@Community() ctx: CommunityContext, @Query() query: ContactQueryDto): Promise<ContactPageResponse> {
    return this.contacts.list(ctx, { q: query.q, linked: query.linked, consent: query.consent }, query.limit ?? 20, query.cursor);
  }

  @Get('crm/contacts/:contactId')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: '360° view: the record, consent, orders and totals, RFM, and the linked member with title, badges, rank and activity' })
  @ApiResponse({ status: 200, type: ContactDetailResponse })
  detail(@Community() ctx: CommunityContext, @Param('contactId', idOf('contact')) contactId: string): Promise<ContactDetailResponse> {
    return this.contacts.detail(ctx, contactId);
  }

  @Put('crm/contacts/:contactId/link')
  @HttpCode(204)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Link the contact to a member by hand (owner or manager); both must be unlinked' })
  @ApiResponse({ status: 204 })
  link(@Community() ctx: CommunityContext, @Param('contactId', idOf('contact')) contactId: string, @Body() body: LinkContactDto): Promise<void> {
    return this.linking.linkManually(ctx, contactId, body.userId);
  }

  @Delete('crm/contacts/:contactId/link')
  @HttpCode(204)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Unlink the contact from its member (owner or manager)' })
  @ApiResponse({ status: 204 })
  unlink(@Community() ctx: CommunityContext, @Param('contactId', idOf('contact')) contactId: string): Promise<void> {
    return this.linking.unlink(ctx, contactId);
  }

  @Get('crm/link-conflicts')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Open claims on customer records someone else holds, for a manager to decide' })
  @ApiResponse({ status: 200, type: [LinkConflictResponse] })
  async conflicts(@Community() ctx: CommunityContext): Promise<LinkConflictResponse[]> {
    return (await this.linking.openConflicts(ctx.community.id)).map((c) => ({ id: c.id, contactId: c.contactId, userId: c.userId, method: c.method, createdAt: c.createdAt.toISOString() }));
  }

  @Delete('crm/link-conflicts/:conflictId')
  @HttpCode(204)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Dismiss a conflict (owner or manager)' })
  @ApiResponse({ status: 204 })
  dismiss(@Community() ctx: CommunityContext, @Param('conflictId', idOf('conflict')) conflictId: string): Promise<void> {
    return this.linking.dismissConflict(ctx, conflictId);
  }

  @Post('me/customer-link')
  @CommunityRoute({ roles: ROLES })
  @ApiOperation({ summary: 'Link myself to my customer record with its number and my birth date or phone number' })
  @ApiResponse({ status: 201, type: ContactSummaryResponse })
  async claim(@Community() ctx: CommunityContext, @Body() body: ClaimCustomerDto): Promise<ContactSummaryResponse> {
    return toContactSummary(await this.linking.claimByNumber(ctx, body.customerNumber, body.verifier));
  }
}
