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
import { Capability, CurrentUser, EstablishmentFileDto, EstablishmentMaterialsDto, Role } from '@jiebang/contracts';
import { ApiFileResponse } from '../app/openapi';
import { FileUpload } from '../attachments/attachments.controller';
import { type UploadedFileLike } from '../attachments/attachments.service';
import { asDownload } from '../attachments/download';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { CarrierEstablishmentFilesService } from './carrier-establishment-files.service';

/** The roles of organisations' users (the centre's 牵头建设单位). */
const ORG_ROLES = [Role.Institute, Role.Enterprise] as const;

/**
 * `/api/v1/carriers/:id/establishment-materials…` — the materials of a 技术创新中心's 考核申请 (issue 15 §4;
 * `003 §20`): the 总结报告 (required before submission) and 佐证材料, uploaded by the centre while it may change
 * them, read by the centre, staff and the 组织单位 reviewing the 考核申请 it was submitted with.
 */
@ApiTags('carriers')
@Controller('carriers')
export class CarrierEstablishmentFilesController {
  constructor(private readonly files: CarrierEstablishmentFilesService) {}

  /**
   * `GET /carriers/:id/establishment-materials` — the materials of the next 考核申请 with the centre's draft files
   * (the centre's users and staff; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED` for anyone else).
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Staff, Capability.RecommendCarriers)
  @Get(':id/establishment-materials')
  @ApiOperation({ summary: '筹建期满考核申请材料' })
  materials(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<EstablishmentMaterialsDto> {
    return this.files.materials(user, id);
  }

  /**
   * `POST /carriers/:id/establishment-materials/:key` multipart `file` → 201 the stored file (the centre's users,
   * 筹建, no 考核申请 open). 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`, 403
   * `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED`, 409 `ILLEGAL_TRANSITION` / `CARRIER_ESTABLISHMENT_REQUEST_OPEN`, 422
   * `CARRIER_ESTABLISHMENT_MATERIAL_UNKNOWN`.
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post(':id/establishment-materials/:key')
  @ApiOperation({ summary: '上传筹建期满考核申请材料' })
  @FileUpload()
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @AuthUser() user: CurrentUser,
  ): Promise<EstablishmentFileDto> {
    return this.files.upload(user, id, key, file);
  }

  /**
   * `DELETE /carriers/:id/establishment-materials/:fileId` → 204 (the centre's users, a draft file). 409
   * `ILLEGAL_TRANSITION` for a submitted one or unless 筹建, `CARRIER_ESTABLISHMENT_REQUEST_OPEN`.
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Delete(':id/establishment-materials/:fileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除筹建期满考核申请材料' })
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @AuthUser() user: CurrentUser,
  ): Promise<void> {
    return this.files.remove(user, id, fileId);
  }

  /**
   * `GET /carriers/:id/establishment-materials/:fileId/download` → the file, always as a download (the centre's
   * users, staff, the 组织单位 of the 考核申请 it was submitted with; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED`).
   */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Staff, Capability.RecommendCarriers)
  @Get(':id/establishment-materials/:fileId/download')
  @ApiFileResponse()
  @ApiOperation({ summary: '下载筹建期满考核申请材料' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.files.download(user, id, fileId));
  }
}
