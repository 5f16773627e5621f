import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApplicationExportQueryDto,
  Capability,
  CarrierSupportExportQueryDto,
  DealExportQueryDto,
  ListingExportQueryDto,
  OrganizationExportQueryDto,
  SubsidyExportQueryDto,
} from '@jiebang/contracts';
import { ApiFileResponse } from '../app/openapi';
import { asDownload } from '../attachments/download';
import { Requires } from '../auth/auth.decorators';
import { ExportsService } from './exports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `/api/v1/exports/…?format=xlsx|csv&<filters>` — the staff exports (`ExportRecords`: brokers, approvers,
 * administrators) as a file download: Chinese headers, amounts in yuan with two decimals, Beijing dates; CSV in
 * UTF-8 with BOM. Errors: 400 `VALIDATION_FAILED` (an unknown format or filter value), 403 `FORBIDDEN`, 422
 * `EXPORT_TOO_LARGE` (more than 100,000 rows).
 */
@ApiTags('exports')
@ApiBearerAuth()
@Requires(Capability.ExportRecords)
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** `GET /api/v1/exports/listings?format=&status=&kind=&field=` → 榜单 (xlsx or CSV). */
  @Get('listings')
  @ApiOperation({ summary: '导出榜单' })
  @ApiFileResponse(XLSX)
  async listings(
    @Query() q: ListingExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exports.listings(q));
  }

  /** `GET /api/v1/exports/organizations?format=&q=&verified=` → 单位. */
  @Get('organizations')
  @ApiOperation({ summary: '导出单位' })
  @ApiFileResponse(XLSX)
  async organizations(
    @Query() q: OrganizationExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exports.organizations(q));
  }

  /** `GET /api/v1/exports/applications?format=&status=&listingId=` → 揭榜申报. */
  @Get('applications')
  @ApiOperation({ summary: '导出揭榜申报' })
  @ApiFileResponse(XLSX)
  async applications(
    @Query() q: ApplicationExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exports.applications(q));
  }

  /** `GET /api/v1/exports/deals?format=&status=&queue=` → 揭榜项目 with received, disbursed and recoverable money. */
  @Get('deals')
  @ApiOperation({ summary: '导出揭榜项目' })
  @ApiFileResponse(XLSX)
  async deals(@Query() q: DealExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return asDownload(res, await this.exports.deals(q));
  }

  /** `GET /api/v1/exports/subsidies?format=&status=&mode=&year=` → 资助. */
  @Get('subsidies')
  @ApiOperation({ summary: '导出资助' })
  @ApiFileResponse(XLSX)
  async subsidies(
    @Query() q: SubsidyExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exports.subsidies(q));
  }

  /**
   * `GET /api/v1/exports/carrier-support?format=&status=&kind=&carrierKind=&year=` → 载体补助 (issue 15 §7): computed
   * and granted (after 就高不重复) amounts in yuan, status, dates and voucher.
   */
  @Get('carrier-support')
  @ApiOperation({ summary: '导出载体补助' })
  @ApiFileResponse(XLSX)
  async carrierSupport(
    @Query() q: CarrierSupportExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exports.carrierSupport(q));
  }
}
