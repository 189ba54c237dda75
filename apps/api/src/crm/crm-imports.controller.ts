import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Put, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { DomainError } from '../common/domain-error';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { IMPORT_KINDS, type ImportKind } from './crm-import.entity';
import { type UploadedCsv, CrmImportsService } from './crm-imports.service';
import { IMPORT_UPLOAD_BODY, ImportMappingDto, ImportResponse, ImportUploadDto, toImportResponse } from './dto/import.dto';
import { RateLimit } from '../rate-limits/rate-limit.guard';

/** `contacts` or `orders`; anything else names nothing: 404. */
const kindPipe = new ParseEnumPipe(Object.fromEntries(IMPORT_KINDS.map((k) => [k, k])), { exceptionFactory: () => DomainError.notFound('import kind') });

@ApiTags('crm')
@ApiErrors()
@Controller('communities/:slug/crm')
export class CrmImportsController {
  constructor(private readonly imports: CrmImportsService) {}

  /** (Path params typed `string`, not the union: both compilers then emit the same metadata for the API document.) */
  @Post(':kind/import')
  @HttpCode(202)
  @RateLimit('uploads')
  @CommunityRoute({ roles: STAFF_ROLES })
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_UPLOAD_BODY)
  @ApiOperation({ summary: 'Import contacts or orders from a CSV file (owner or manager): checked at once, then run in the background' })
  @ApiResponse({ status: 202, type: ImportResponse })
  async start(
    @Community() ctx: CommunityContext,
    @Param('kind', kindPipe) kind: string,
    @UploadedFile() file: UploadedCsv | undefined,
    @Body() body: ImportUploadDto,
  ): Promise<ImportResponse> {
    return toImportResponse(await this.imports.start(ctx, kind as ImportKind, file, body.mapping));
  }

  @Get('imports')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'The latest 20 imports' })
  @ApiResponse({ status: 200, type: [ImportResponse] })
  async recent(@Community() ctx: CommunityContext): Promise<ImportResponse[]> {
    return (await this.imports.recent(ctx)).map(toImportResponse);
  }

  @Get('imports/:importId')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: "An import's progress: rows done of total, inserted, updated, skipped, and row errors by line and field" })
  @ApiResponse({ status: 200, type: ImportResponse })
  async get(@Community() ctx: CommunityContext, @Param('importId', idOf('import')) importId: string): Promise<ImportResponse> {
    return toImportResponse(await this.imports.get(ctx, importId));
  }

  @Get('import-mappings/:kind')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'The saved column mapping for contacts or orders files' })
  @ApiResponse({ status: 200, type: ImportMappingDto })
  async mapping(@Community() ctx: CommunityContext, @Param('kind', kindPipe) kind: string): Promise<ImportMappingDto> {
    return { mapping: await this.imports.mapping(ctx, kind as ImportKind) };
  }

  @Put('import-mappings/:kind')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Save a column mapping (source header → field, or "ignore") used by later imports' })
  @ApiResponse({ status: 200, type: ImportMappingDto })
  async saveMapping(@Community() ctx: CommunityContext, @Param('kind', kindPipe) kind: string, @Body() body: ImportMappingDto): Promise<ImportMappingDto> {
    return { mapping: await this.imports.saveMapping(ctx, kind as ImportKind, body.mapping) };
  }
}
