import {
  applyDecorators,
  CallHandler,
  Controller,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  HttpStatus,
  Injectable,
  NestInterceptor,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
  Body,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_MAX_BYTES,
  AttachmentDto,
  AttachmentKind,
  CurrentUser,
  Role,
} from '@jiebang/contracts';
import { ApiFileResponse, ApiMultipartUpload } from '../app/openapi';
import { AuthUser, Public, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { AttachmentsService } from './attachments.service';
import { asDownload } from './download';

class UploadFieldsDto {
  @IsIn(ATTACHMENT_KINDS as unknown as string[], { message: 'kind 只能是 ip_proof 或 supporting' })
  kind!: AttachmentKind;
}

/** Turns multer's "file too large" into the platform's 413 `ATTACHMENT_TOO_LARGE`. */
@Injectable()
export class UploadErrors implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((e: unknown) =>
          throwError(() =>
            e instanceof PayloadTooLargeException
              ? new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'ATTACHMENT_TOO_LARGE', '单个附件不能超过 20 MB')
              : e,
          ),
        ),
      );
  }
}

/**
 * The one upload endpoint shape of the platform: a multipart body with one `file` (≤ `ATTACHMENT_MAX_BYTES`, one
 * file) plus `fields` in the OpenAPI document, and multer's "file too large" as 413 `ATTACHMENT_TOO_LARGE`
 * (`UploadErrors`). The content checks themselves are `acceptUpload`'s.
 */
export function FileUpload(fields: Record<string, SchemaObject> = {}): MethodDecorator {
  return applyDecorators(
    ApiMultipartUpload(fields),
    UseInterceptors(UploadErrors, FileInterceptor('file', { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } })),
  );
}

/** Attachments of listings (issue 4 §2). */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * `POST /api/v1/listings/:id/attachments` multipart (`file`, `kind`) → 201 `AttachmentDto`; 400
   * `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`; 413 `ATTACHMENT_TOO_LARGE`; 409 `ILLEGAL_TRANSITION`.
   */
  @Roles(Role.Institute, Role.Enterprise)
  @Post('listings/:id/attachments')
  @FileUpload({ kind: { type: 'string', enum: [...ATTACHMENT_KINDS] } })
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
    @Body() fields: UploadFieldsDto,
    @AuthUser() user: CurrentUser,
  ): Promise<AttachmentDto> {
    return this.attachments.upload(id, file, fields.kind, user);
  }

  /** `GET /api/v1/listings/:id/attachments` → the attachments the caller may see (public for published supporting documents). */
  @Public()
  @Get('listings/:id/attachments')
  list(@Param('id', ParseUUIDPipe) id: string, @Req() req: { user?: CurrentUser }): Promise<AttachmentDto[]> {
    return this.attachments.list(id, req.user);
  }

  /**
   * `GET /api/v1/attachments/:id/download` → the file, always as a download (`Content-Disposition: attachment`,
   * `nosniff`, a CSP sandbox), never rendered inline; 404 when not visible to the caller.
   */
  @Public()
  @Get('attachments/:id/download')
  @ApiFileResponse()
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: { user?: CurrentUser },
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { meta, data } = await this.attachments.download(id, req.user);
    return asDownload(res, { filename: meta.filename, contentType: meta.contentType, data });
  }

  /** `DELETE /api/v1/attachments/:id` (the poster's users, editable listing) → 204. */
  @Roles(Role.Institute, Role.Enterprise)
  @Delete('attachments/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<void> {
    return this.attachments.remove(id, user);
  }
}
