import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@kizuna/contracts';
import { DomainError } from '../common/domain-error';
import { ApiErrors } from '../common/error-response.dto';
import { CommunitiesService } from '../communities/communities.service';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { AuditPageResponse, AuditQueryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';

@ApiTags('audit')
@ApiErrors()
@Controller('communities/:slug/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly communities: CommunitiesService,
  ) {}

  @Get()
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Staff actions, newest first: who did what to what, when, from which address (owner or manager)' })
  @ApiResponse({ status: 200, type: AuditPageResponse })
  async list(@Community() ctx: CommunityContext, @Query() query: AuditQueryDto): Promise<AuditPageResponse> {
    const day = (value: string | undefined, field: string, offset = 0) => {
      if (!value) return undefined;
      const start = new Date(`${value}T00:00:00Z`);
      if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) {
        throw new DomainError('bad-request', 'VALIDATION_FAILED', `${field} must be a real date YYYY-MM-DD`, field);
      }
      return new Date(start.getTime() + offset);
    };
    const limit = query.limit ?? 50;
    const rows = await this.audit.page(
      ctx.community.id,
      { type: query.type, actorId: query.actorId, from: day(query.from, 'from'), to: day(query.to, 'to', 86_400_000), before: query.cursor },
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const names = await this.communities.displayNames(items.map((r) => r.actor_id));
    return {
      items: items.map((r) => ({
        id: r.id,
        type: r.type,
        at: new Date(r.occurred_at).toISOString(),
        actor: { id: r.actor_id, displayName: names.get(r.actor_id) ?? '' },
        subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
        ip: r.ip,
        data: r.data,
      })),
      nextCursor: rows.length > limit ? items.at(-1)!.id : null,
    };
  }
}
