import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CarrierEvidenceFileDto,
  CarrierEvidenceListDto,
  CarrierNoticeDto,
  CarrierNoticeListDto,
  CurrentUser,
  Role,
} from '@jiebang/contracts';
import { ApiFileResponse } from '../app/openapi';
import { FileUpload } from '../attachments/attachments.controller';
import { type UploadedFileLike } from '../attachments/attachments.service';
import { asDownload } from '../attachments/download';
import { AuthUser, Public, Roles } from '../auth/auth.decorators';
import { CarrierEvidenceService } from './carrier-evidence.service';
import { CarrierNoticesService } from './carrier-notices.service';

/** The roles of organisations' users (applicants). */
const ORG_ROLES = [Role.Institute, Role.Enterprise] as const;

/**
 * `/api/v1/carriers/…` — evidence files of carrier applications and the public notice (issue 15; `000` 三, 四.3,
 * `001 §10`). Registered before `CarriersController` so that `carriers/notices` is not taken for `carriers/:id`.
 */
@ApiTags('carriers')
@Controller('carriers')
export class CarrierEvidenceController {
  constructor(
    private readonly evidence: CarrierEvidenceService,
    private readonly notices: CarrierNoticesService,
  ) {}

  /** `GET /carriers/notices` (public) — applications on notice, reduced view only (no figures, files, opinions). */
  @Public()
  @Get('notices')
  @ApiOperation({ summary: '载体申报公示' })
  async noticeList(): Promise<CarrierNoticeListDto> {
    return { items: await this.notices.list() };
  }

  /** `GET /carriers/notices/:id` (public) — one application on notice; 404 `CARRIER_NOT_ON_NOTICE` otherwise. */
  @Public()
  @Get('notices/:id')
  @ApiOperation({ summary: '载体申报公示详情' })
  notice(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierNoticeDto> {
    return this.notices.get(id);
  }

  /**
   * `GET /carriers/applications/:id/evidence` — the required evidence items with their files (the applicant, its
   * recommender, staff, invited experts; 403 `CARRIER_EVIDENCE_NOT_ALLOWED` for anyone else).
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Expert, Role.Staff)
  @Get('applications/:id/evidence')
  @ApiOperation({ summary: '申报材料' })
  list(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierEvidenceListDto> {
    return this.evidence.list(user, id);
  }

  /**
   * `POST /carriers/applications/:id/evidence/:key` multipart `file` → 201 the stored file (the applicant's users,
   * draft or returned). 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`, 403
   * `CARRIER_EVIDENCE_NOT_ALLOWED`, 409 `ILLEGAL_TRANSITION`, 422 `CARRIER_EVIDENCE_KEY_UNKNOWN`.
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('applications/:id/evidence/:key')
  @ApiOperation({ summary: '上传申报材料' })
  @FileUpload()
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierEvidenceFileDto> {
    return this.evidence.upload(user, id, key, file);
  }

  /** `DELETE /carriers/applications/:id/evidence/:fileId` → 204 (the applicant's users, draft or returned). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Delete('applications/:id/evidence/:fileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除申报材料' })
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @AuthUser() user: CurrentUser,
  ): Promise<void> {
    return this.evidence.remove(user, id, fileId);
  }

  /**
   * `GET /carriers/applications/:id/evidence/:fileId/download` → the file, always as a download (the parties; 403
   * `CARRIER_EVIDENCE_NOT_ALLOWED` for anyone else).
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Expert, Role.Staff)
  @Get('applications/:id/evidence/:fileId/download')
  @ApiFileResponse()
  @ApiOperation({ summary: '下载申报材料' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.evidence.download(user, id, fileId));
  }
}
