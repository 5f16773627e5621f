import {
  Body,
  Controller,
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
import type { Response } from 'express';
import { FileUpload } from '../attachments/attachments.controller';
import { asDownload } from '../attachments/download';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  CurrentUser,
  MyNegotiationDto,
  NegotiationAttachmentResultDto,
  NegotiationDto,
  ReasonDto,
} from '@jiebang/contracts';
import { ApiFileResponse } from '../app/openapi';
import { AuthUser, Requires } from '../auth/auth.decorators';
import { NegotiationsGateway } from './negotiations.gateway';
import { NegotiationsService } from './negotiations.service';

/** REST side of the negotiation rooms (the conversation itself is on the socket). */
@ApiTags('negotiations')
@ApiBearerAuth()
@Controller()
export class NegotiationsController {
  constructor(
    private readonly negotiations: NegotiationsService,
    private readonly gateway: NegotiationsGateway,
  ) {}

  /** `GET /api/v1/my/negotiations` → rooms I am a member of, with my unread counts. */
  @Get('my/negotiations')
  async mine(@AuthUser() user: CurrentUser): Promise<MyNegotiationDto[]> {
    const rooms = await this.negotiations.mine(user);
    const unread = await this.negotiations.unread(
      user,
      rooms.map((r) => r.id),
    );
    return rooms.map((r) => ({ ...r, unread: unread[r.id] ?? 0 }));
  }

  /** `GET /api/v1/applications/:id/negotiation` → the room of a recommended application (members only). */
  @Get('applications/:id/negotiation')
  ofApplication(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<NegotiationDto> {
    return this.negotiations.ofApplication(user, id);
  }

  /**
   * `POST /api/v1/negotiations/:id/attachments` multipart `file` (room members) → 201 `{ message }`; the room
   * receives it as a `message`. 400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413
   * `ATTACHMENT_TOO_LARGE`, 403 `NOT_A_MEMBER`, 409 `NEGOTIATION_NOT_OPEN`.
   */
  @Post('negotiations/:id/attachments')
  @FileUpload()
  async attach(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
    @AuthUser() user: CurrentUser,
  ): Promise<NegotiationAttachmentResultDto> {
    const message = await this.negotiations.sendAttachment(user, id, file);
    this.gateway.emitMessage(message);
    return { message };
  }

  /** `GET /api/v1/negotiations/:id/attachments/:attachmentId/download` (room members) → the file, as a download. */
  @Get('negotiations/:id/attachments/:attachmentId/download')
  @ApiFileResponse()
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.negotiations.attachmentFile(user, id, attachmentId));
  }

  /** `POST /api/v1/negotiations/:id/pause` `{ reason }` (brokering staff) → the room stops taking messages. */
  @Requires(Capability.BrokerNegotiations)
  @Post('negotiations/:id/pause')
  @HttpCode(HttpStatus.OK)
  pause(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.setStatus(id, 'paused', dto.reason, user);
  }

  /** `POST /api/v1/negotiations/:id/resume` `{ reason }` (brokering staff). */
  @Requires(Capability.BrokerNegotiations)
  @Post('negotiations/:id/resume')
  @HttpCode(HttpStatus.OK)
  resume(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.setStatus(id, 'open', dto.reason, user);
  }

  /** `POST /api/v1/negotiations/:id/close` `{ reason }` (brokering staff) → closed for good. */
  @Requires(Capability.BrokerNegotiations)
  @Post('negotiations/:id/close')
  @HttpCode(HttpStatus.OK)
  close(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.setStatus(id, 'closed', dto.reason, user);
  }

  private async setStatus(
    id: string,
    status: 'open' | 'paused' | 'closed',
    reason: string,
    user: CurrentUser,
  ): Promise<NegotiationDto> {
    const r = await this.negotiations.setStatus(user, id, status, reason);
    this.gateway.emitStatus(id, status, reason);
    return r;
  }
}
