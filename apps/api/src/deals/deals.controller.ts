import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AcceptanceOpinionDto,
  Capability,
  AuditEntryDto,
  ConcludeAcceptanceDto,
  ConfirmBenefitDto,
  CurrentUser,
  DEAL_ATTACHMENT_PURPOSES,
  DealAttachmentDto,
  DealDto,
  DealPageDto,
  DealQueryDto,
  DealSummaryDto,
  DecideChangeDto,
  DisburseSubsidyDto,
  LodgeObjectionDto,
  OpenNoticeDto,
  ProposeSubsidyDto,
  ReasonDto,
  RecordInstallmentDto,
  RejectSubsidyDto,
  RequestChangeDto,
  ResolveObjectionDto,
  ReviewInstallmentDto,
  ReviewMilestoneDto,
  Role,
  SignDealDto,
  SubmitMilestoneDto,
} from '@jiebang/contracts';
import { ApiFileResponse } from '../app/openapi';
import { FileUpload } from '../attachments/attachments.controller';
import { asDownload } from '../attachments/download';
import { AuthUser, Public, Requires, Roles } from '../auth/auth.decorators';
import { DealAttachmentsService } from './deal-attachments.service';
import { DealChangesService } from './deal-changes.service';
import { DealFundingService } from './deal-funding.service';
import { DealMilestonesService } from './deal-milestones.service';
import { DealNoticeService } from './deal-notice.service';
import { DealReadService } from './deal-read.service';
import { DealSigningService } from './deal-signing.service';
import { DealSubsidyService } from './deal-subsidy.service';
import { DealHistoryExport } from './history-export';

type Upload = { originalname: string; buffer: Buffer; size: number } | undefined;

/**
 * The deal lifecycle after the draft agreement (seed `004 §9(七)–(八)`, `§10–§16`). Reads are for the deal's
 * parties and staff; writes name who may make them (staff capabilities through `@Requires`, parties checked against
 * the deal: 403 `NOT_A_PARTY`). Every write returns the updated `DealDto`. Errors: 400 (malformed input), 403,
 * 404, 409 `ILLEGAL_TRANSITION` and friends (wrong state), 422 with the rule broken.
 */
@ApiTags('deals')
@ApiBearerAuth()
@Controller()
export class DealsController {
  constructor(
    private readonly read: DealReadService,
    private readonly files: DealAttachmentsService,
    private readonly notice: DealNoticeService,
    private readonly signing: DealSigningService,
    private readonly funding: DealFundingService,
    private readonly milestones: DealMilestonesService,
    private readonly changes: DealChangesService,
    private readonly subsidy: DealSubsidyService,
    private readonly exporter: DealHistoryExport,
  ) {}

  /** `GET /api/v1/notices` (public) → deals on public notice (公示) or frozen by an objection, with their end. */
  @Public()
  @Get('notices')
  notices(): Promise<DealSummaryDto[]> {
    return this.read.notices();
  }

  /** `GET /api/v1/deals?status=&queue=&page=&pageSize=` → staff: all deals (or a work queue); parties: their own. */
  @Get('deals')
  list(@Query() q: DealQueryDto, @AuthUser() user: CurrentUser): Promise<DealPageDto> {
    return this.read.list(user, q);
  }

  /** `GET /api/v1/deals/:id` → the deal (parties, staff; anyone logged in while it is on notice). */
  @Get('deals/:id')
  get(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<DealDto> {
    return this.read.get(user, id);
  }

  /** `GET /api/v1/deals/:id/timeline` → every audited event of the deal and its application, oldest first. */
  @Get('deals/:id/timeline')
  timeline(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<AuditEntryDto[]> {
    return this.read.timeline(user, id);
  }

  /** `GET /api/v1/deals/:id/history.csv` (staff) → the deal's full audited history for auditors, UTF-8 CSV with BOM. */
  @Requires(Capability.ExportDealHistory)
  @Get('deals/:id/history.csv')
  @ApiFileResponse('text/csv')
  async historyCsv(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exporter.csv(user, id));
  }

  /** `GET /api/v1/deals/:id/history.xlsx` (staff) → the same history as an Excel workbook (with the chain check). */
  @Requires(Capability.ExportDealHistory)
  @Get('deals/:id/history.xlsx')
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async historyXlsx(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.exporter.xlsx(user, id));
  }

  /**
   * `POST /api/v1/deals/:id/attachments` multipart `file` + `purpose` → 201 `DealAttachmentDto`. 400
   * `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED` / `PURPOSE_INVALID`, 413 `ATTACHMENT_TOO_LARGE`.
   */
  @Post('deals/:id/attachments')
  @FileUpload({ purpose: { type: 'string', enum: [...DEAL_ATTACHMENT_PURPOSES] } })
  attach(
    @Param('id', ParseUUIDPipe) id: string,
    @Body('purpose') purpose: string,
    @UploadedFile() file: Upload,
    @AuthUser() user: CurrentUser,
  ): Promise<DealAttachmentDto> {
    return this.files.attach(user, id, purpose, file);
  }

  /** `GET /api/v1/deals/:id/attachments/:attachmentId/download` → the file, always as a download. */
  @Get('deals/:id/attachments/:attachmentId/download')
  @ApiFileResponse()
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @AuthUser() user: CurrentUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return asDownload(res, await this.files.attachmentFile(user, id, attachmentId));
  }

  /** `POST /api/v1/deals/:id/notice` `OpenNoticeDto` (staff broker) → notice open for N working days (004 §9(七)). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/notice')
  @HttpCode(HttpStatus.OK)
  openNotice(@Param('id', ParseUUIDPipe) id: string, @Body() dto: OpenNoticeDto, @AuthUser() user: CurrentUser) {
    return this.notice.openNotice(user, id, dto.workingDays, dto.reviewNote);
  }

  /** `POST /api/v1/deals/:id/return` `{ reason }` (staff broker) → the draft agreement goes back to negotiation. */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/return')
  @HttpCode(HttpStatus.OK)
  returnAgreement(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.notice.returnAgreement(user, id, dto.reason);
  }

  /** `POST /api/v1/deals/:id/objections` `LodgeObjectionDto` (anyone logged in, during the notice) → frozen. */
  @Post('deals/:id/objections')
  @HttpCode(HttpStatus.CREATED)
  lodge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LodgeObjectionDto, @AuthUser() user: CurrentUser) {
    return this.notice.lodgeObjection(user, id, dto.reasons, dto.evidenceAttachmentIds);
  }

  /** `POST /api/v1/deals/:id/objections/:objectionId/resolve` `ResolveObjectionDto` (staff broker). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/objections/:objectionId/resolve')
  @HttpCode(HttpStatus.OK)
  resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('objectionId', ParseUUIDPipe) objectionId: string,
    @Body() dto: ResolveObjectionDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.notice.resolveObjection(user, id, objectionId, dto.decision, dto.outcome, dto.resolution);
  }

  /** `POST /api/v1/deals/:id/sign` `SignDealDto` (staff broker) → `in_progress` (409 `NOTICE_NOT_OVER` before). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/sign')
  @HttpCode(HttpStatus.OK)
  sign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SignDealDto, @AuthUser() user: CurrentUser) {
    return this.signing.sign(user, id, dto);
  }

  /** `POST /api/v1/deals/:id/installments` `RecordInstallmentDto` (the poster; idempotent by key). */
  @Roles(Role.Enterprise, Role.Institute)
  @Post('deals/:id/installments')
  @HttpCode(HttpStatus.OK)
  recordInstallment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordInstallmentDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.funding.recordInstallment(user, id, dto);
  }

  /** `POST /api/v1/deals/:id/installments/:installmentId/review` `ReviewInstallmentDto` (staff broker). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/installments/:installmentId/review')
  @HttpCode(HttpStatus.OK)
  reviewInstallment(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('installmentId', ParseUUIDPipe) installmentId: string,
    @Body() dto: ReviewInstallmentDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.funding.reviewInstallment(user, id, installmentId, dto.decision, dto.note);
  }

  /** `POST /api/v1/deals/:id/milestones/:milestoneId/submit` `SubmitMilestoneDto` (the taker). */
  @Roles(Role.Enterprise, Role.Institute)
  @Post('deals/:id/milestones/:milestoneId/submit')
  @HttpCode(HttpStatus.OK)
  submitMilestone(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('milestoneId', ParseUUIDPipe) milestoneId: string,
    @Body() dto: SubmitMilestoneDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.milestones.submitMilestone(user, id, milestoneId, dto.report, dto.evidenceAttachmentId);
  }

  /** `POST /api/v1/deals/:id/milestones/:milestoneId/review` `ReviewMilestoneDto` (staff broker). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/milestones/:milestoneId/review')
  @HttpCode(HttpStatus.OK)
  reviewMilestone(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('milestoneId', ParseUUIDPipe) milestoneId: string,
    @Body() dto: ReviewMilestoneDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.milestones.reviewMilestone(user, id, milestoneId, dto.decision, dto.note);
  }

  /** `POST /api/v1/deals/:id/acceptance/opinions` `AcceptanceOpinionDto` (staff broker). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/acceptance/opinions')
  @HttpCode(HttpStatus.OK)
  addOpinion(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AcceptanceOpinionDto, @AuthUser() user: CurrentUser) {
    return this.milestones.addOpinion(user, id, dto);
  }

  /** `POST /api/v1/deals/:id/acceptance/conclude` `ConcludeAcceptanceDto` (staff broker). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/acceptance/conclude')
  @HttpCode(HttpStatus.OK)
  conclude(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ConcludeAcceptanceDto, @AuthUser() user: CurrentUser) {
    return this.milestones.concludeAcceptance(user, id, dto.result, dto.note);
  }

  /** `POST /api/v1/deals/:id/benefit` `ConfirmBenefitDto` (staff broker; achievements, 004 §12). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/benefit')
  @HttpCode(HttpStatus.OK)
  benefit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmBenefitDto, @AuthUser() user: CurrentUser) {
    return this.milestones.confirmBenefit(user, id, dto.note, dto.evidenceAttachmentId);
  }

  /** `POST /api/v1/deals/:id/changes` `RequestChangeDto` (a party: extension or termination, 004 §15). */
  @Roles(Role.Enterprise, Role.Institute)
  @Post('deals/:id/changes')
  @HttpCode(HttpStatus.OK)
  requestChange(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestChangeDto, @AuthUser() user: CurrentUser) {
    return this.changes.requestChange(user, id, dto);
  }

  /** `POST /api/v1/deals/:id/changes/:changeId/agree` (the other party). */
  @Roles(Role.Enterprise, Role.Institute)
  @Post('deals/:id/changes/:changeId/agree')
  @HttpCode(HttpStatus.OK)
  agreeChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('changeId', ParseUUIDPipe) changeId: string,
    @AuthUser() user: CurrentUser,
  ) {
    return this.changes.agreeChange(user, id, changeId);
  }

  /** `POST /api/v1/deals/:id/changes/:changeId/decide` `DecideChangeDto` (staff approver). */
  @Requires(Capability.DecideDealChanges)
  @Post('deals/:id/changes/:changeId/decide')
  @HttpCode(HttpStatus.OK)
  decideChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('changeId', ParseUUIDPipe) changeId: string,
    @Body() dto: DecideChangeDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.changes.decideChange(user, id, changeId, dto);
  }

  /** `POST /api/v1/deals/:id/subsidy` `ProposeSubsidyDto` (staff broker; idempotent by key). */
  @Requires(Capability.RunDeals)
  @Post('deals/:id/subsidy')
  @HttpCode(HttpStatus.OK)
  propose(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ProposeSubsidyDto, @AuthUser() user: CurrentUser) {
    return this.subsidy.proposeSubsidy(user, id, dto);
  }

  /** `POST /api/v1/deals/:id/subsidy/:subsidyId/approve` (staff approver, never the proposer). */
  @Requires(Capability.ApproveSubsidy)
  @Post('deals/:id/subsidy/:subsidyId/approve')
  @HttpCode(HttpStatus.OK)
  approve(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('subsidyId', ParseUUIDPipe) subsidyId: string,
    @AuthUser() user: CurrentUser,
  ) {
    return this.subsidy.approveSubsidy(user, id, subsidyId);
  }

  /** `POST /api/v1/deals/:id/subsidy/:subsidyId/reject` `RejectSubsidyDto` (staff approver). */
  @Requires(Capability.ApproveSubsidy)
  @Post('deals/:id/subsidy/:subsidyId/reject')
  @HttpCode(HttpStatus.OK)
  reject(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('subsidyId', ParseUUIDPipe) subsidyId: string,
    @Body() dto: RejectSubsidyDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.subsidy.rejectSubsidy(user, id, subsidyId, dto.reason);
  }

  /** `POST /api/v1/deals/:id/subsidy/:subsidyId/disburse` `DisburseSubsidyDto` (staff approver; idempotent by key). */
  @Requires(Capability.ApproveSubsidy)
  @Post('deals/:id/subsidy/:subsidyId/disburse')
  @HttpCode(HttpStatus.OK)
  disburse(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('subsidyId', ParseUUIDPipe) subsidyId: string,
    @Body() dto: DisburseSubsidyDto,
    @AuthUser() user: CurrentUser,
  ) {
    return this.subsidy.disburseSubsidy(user, id, subsidyId, dto);
  }
}
