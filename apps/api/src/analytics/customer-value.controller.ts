import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES } from '@kizuna/contracts';
import { DomainError } from '../common/domain-error';
import { ApiErrors } from '../common/error-response.dto';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { CustomerValueQueryDto, CustomerValueResponse } from '../crm/dto/customer-value.dto';
import { EngagementService } from './engagement.service';

@ApiTags('analytics')
@ApiErrors()
@Controller('communities/:slug/analytics/customer-value')
export class CustomerValueController {
  constructor(private readonly engagement: EngagementService) {}

  @Get()
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({
    summary: 'BG/NBD and Gamma-Gamma fitted on the community orders: parameters, diagnostics, P(alive), expected purchases and CLV — for all customers, by RFM segment, linked or not, and by engagement tier',
  })
  @ApiResponse({ status: 200, type: CustomerValueResponse })
  get(@Community() ctx: CommunityContext, @Query() query: CustomerValueQueryDto): Promise<CustomerValueResponse> {
    const asOf = query.asOf ? new Date(`${query.asOf}T00:00:00Z`) : todayUtc();
    if (Number.isNaN(asOf.getTime()) || asOf.toISOString().slice(0, 10) !== (query.asOf ?? asOf.toISOString().slice(0, 10))) {
      throw new DomainError('bad-request', 'VALIDATION_FAILED', 'asOf must be a real date YYYY-MM-DD', 'asOf');
    }
    return this.engagement.customerValue(ctx, asOf, query.unit ?? 'week');
  }
}

function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
