import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import type { Response } from 'express';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import {
  CreateSegmentDto,
  ExportQueryDto,
  ExportSummaryQueryDto,
  ExportSummaryResponse,
  PreviewSegmentDto,
  SegmentContactsQueryDto,
  SegmentContactsResponse,
  SegmentCountResponse,
  SegmentResponse,
  UpdateSegmentDto,
} from './dto/segment.dto';
import { SegmentsService } from './segments.service';

@ApiTags('crm')
@ApiErrors()
@Controller('communities/:slug/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Saved segments with their current counts' })
  @ApiResponse({ status: 200, type: [SegmentResponse] })
  list(@Community() ctx: CommunityContext): Promise<SegmentResponse[]> {
    return this.segments.list(ctx);
  }

  @Post()
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Save a segment (owner, manager or analyst)' })
  @ApiResponse({ status: 201, type: SegmentResponse })
  create(@Community() ctx: CommunityContext, @Body() body: CreateSegmentDto): Promise<SegmentResponse> {
    return this.segments.create(ctx, body);
  }

  @Post('preview')
  @HttpCode(200)
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'How many customers a rule selects now (the live count while building)' })
  @ApiResponse({ status: 200, type: SegmentCountResponse })
  preview(@Community() ctx: CommunityContext, @Body() body: PreviewSegmentDto): Promise<SegmentCountResponse> {
    return this.segments.preview(ctx, body.rule);
  }

  @Get(':segmentId')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiResponse({ status: 200, type: SegmentResponse })
  get(@Community() ctx: CommunityContext, @Param('segmentId', idOf('segment')) segmentId: string): Promise<SegmentResponse> {
    return this.segments.get(ctx, segmentId);
  }

  @Patch(':segmentId')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiResponse({ status: 200, type: SegmentResponse })
  update(@Community() ctx: CommunityContext, @Param('segmentId', idOf('segment')) segmentId: string, @Body() body: UpdateSegmentDto): Promise<SegmentResponse> {
    return this.segments.update(ctx, segmentId, body);
  }

  @Delete(':segmentId')
  @HttpCode(204)
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiResponse({ status: 204 })
  remove(@Community() ctx: CommunityContext, @Param('segmentId', idOf('segment')) segmentId: string): Promise<void> {
    return this.segments.remove(ctx, segmentId);
  }

  @Get(':segmentId/contacts')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'The contacts in the segment now' })
  @ApiResponse({ status: 200, type: SegmentContactsResponse })
  contacts(@Community() ctx: CommunityContext, @Param('segmentId', idOf('segment')) segmentId: string, @Query() query: SegmentContactsQueryDto): Promise<SegmentContactsResponse> {
    return this.segments.contactsOf(ctx, segmentId, query.limit ?? 50, query.cursor);
  }

  @Get(':segmentId/export-summary')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'How many a marketing export on a channel includes, and how many it leaves out for lacking consent' })
  @ApiResponse({ status: 200, type: ExportSummaryResponse })
  exportSummary(@Community() ctx: CommunityContext, @Param('segmentId', idOf('segment')) segmentId: string, @Query() query: ExportSummaryQueryDto): Promise<ExportSummaryResponse> {
    return this.segments.exportSummary(ctx, segmentId, query.channel);
  }

  @Get(':segmentId/export')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: `The segment as CSV. With a channel, only contacts who consented to it (X-Kizuna-Included / X-Kizuna-Excluded say how many); without one, an internal export (${STAFF_ROLES.join(', ')})`,
  })
  @ApiResponse({ status: 200, description: 'text/csv (UTF-8 with BOM)' })
  async export(
    @Community() ctx: CommunityContext,
    @Param('segmentId', idOf('segment')) segmentId: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const result = await this.segments.export(ctx, segmentId, query.channel);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="segment.csv"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`);
    res.setHeader('X-Kizuna-Included', String(result.included));
    res.setHeader('X-Kizuna-Excluded', String(result.excluded));
    res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Kizuna-Included, X-Kizuna-Excluded');
    return result.csv;
  }
}
