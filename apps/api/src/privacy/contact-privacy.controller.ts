import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { ContactPrivacyService } from '../crm/contact-privacy.service';
import { ConsentEventResponse, ContactSummaryResponse } from '../crm/dto/contact.dto';

@ApiTags('crm')
@ApiErrors()
@Controller('communities/:slug/crm/contacts/:contactId')
export class ContactPrivacyController {
  constructor(private readonly contacts: ContactPrivacyService) {}

  @Post('erasure')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: "Carry out an erasure request: the record's personal data and member link go, orders stay (owner or manager)" })
  @ApiResponse({ status: 201, type: ContactSummaryResponse })
  erase(@Community() ctx: CommunityContext, @Param('contactId', idOf('contact')) contactId: string): Promise<ContactSummaryResponse> {
    return this.contacts.erase(ctx, contactId);
  }

  @Get('consent-history')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Every consent change of the record, newest first: channel, given or withdrawn, source, when' })
  @ApiResponse({ status: 200, type: [ConsentEventResponse] })
  history(@Community() ctx: CommunityContext, @Param('contactId', idOf('contact')) contactId: string): Promise<ConsentEventResponse[]> {
    return this.contacts.history(ctx, contactId);
  }
}
