import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApplicationDto,
  AssignExpertDto,
  AuditEntryDto,
  CloseListingDto,
  CreateApplicationDto,
  CreateListingDto,
  CurrentUser,
  DeclineDto,
  ExpertAssignmentsDto,
  ListingFormDto,
  ListingStatus,
  ListingSummaryDto,
  OptionalReasonDto,
  PosterOpinionBody,
  ReasonDto,
  Role,
  ScoreDto,
  ScreeningOpinionDto,
  ScreeningOpinionRecordDto,
  StaffQueueQuery,
  SubmitListingDto,
} from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { NotFoundError } from '../common/domain-error';
import { ListingsService } from '../listings/listings.service';
import { assertStaffOrMember } from '../organizations/organizations.controller';
import { actorsOf } from './actors';
import { ApplicationsService } from './applications.service';
import { ListingWorkflowService, toSummary } from './listing-workflow.service';
import { PosterOpinionService } from './poster-opinion.service';

/**
 * The pipeline of seed `004 §9(一)–(五)`: posting, screening, publication, applications, review. Every
 * refusal is a 4xx with a code and, for a rule, its article.
 */
@ApiTags('pipeline')
@ApiBearerAuth()
@Controller()
export class PipelineController {
  constructor(
    private readonly workflow: ListingWorkflowService,
    private readonly applications: ApplicationsService,
    private readonly listings: ListingsService,
    private readonly audit: AuditService,
    private readonly posterOpinions: PosterOpinionService,
  ) {}

  /** `POST /api/v1/listings` (institute/enterprise) → 201 draft; 422 `ORG_NOT_VERIFIED` / `POSTER_NOT_ELIGIBLE` / `CREDIT_BLACKLISTED`. */
  @Roles(Role.Institute, Role.Enterprise)
  @Post('listings')
  @ApiOperation({ summary: '新建榜单草稿(需求征集)' })
  async create(@Body() dto: CreateListingDto, @AuthUser() user: CurrentUser) {
    const l = await this.workflow.create(dto, user);
    return this.listings.detail(l.id, user);
  }

  /** `PATCH /api/v1/listings/:id` — autosave (draft / rejected) or final text (passed); 409 `ILLEGAL_TRANSITION`. */
  @Roles(Role.Institute, Role.Enterprise, Role.Staff)
  @Patch('listings/:id')
  @ApiOperation({ summary: '保存榜单(自动保存)' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ListingFormDto, @AuthUser() user: CurrentUser) {
    await this.workflow.update(id, dto, user);
    return this.listings.detail(id, user);
  }

  /** `GET /api/v1/my/listings` → my organisation's listings in every state. */
  @Roles(Role.Institute, Role.Enterprise)
  @Get('my/listings')
  myListings(@AuthUser() user: CurrentUser): Promise<ListingSummaryDto[]> {
    return this.workflow.mine(user);
  }

  /** `GET /api/v1/staff/listings?status=` (staff) → the screening queue (default: submitted, screening, passed). */
  @Roles(Role.Staff)
  @Get('staff/listings')
  queue(@Query() q: StaffQueueQuery): Promise<ListingSummaryDto[]> {
    return this.workflow.queue(
      q.status ? [q.status] : [ListingStatus.Submitted, ListingStatus.Screening, ListingStatus.Passed],
    );
  }

  /** `POST /api/v1/listings/:id/submit` `{ attestPublishable: true }` (poster): draft → submitted; 422 `FORM_INCOMPLETE`. */
  @Post('listings/:id/submit')
  @HttpCode(HttpStatus.OK)
  async submit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SubmitListingDto, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'submit', user, { attest: dto.attestPublishable }));
  }

  /** `POST /api/v1/listings/:id/screening` (staff): submitted → screening (需求论证). */
  @Roles(Role.Staff)
  @Post('listings/:id/screening')
  @HttpCode(HttpStatus.OK)
  async startScreening(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'startScreening', user));
  }

  /** `POST /api/v1/listings/:id/pass` (staff): screening → passed. */
  @Roles(Role.Staff)
  @Post('listings/:id/pass')
  @HttpCode(HttpStatus.OK)
  async pass(@Param('id', ParseUUIDPipe) id: string, @Body() dto: OptionalReasonDto, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'pass', user, { reason: dto.reason }));
  }

  /** `POST /api/v1/listings/:id/reject` `{ reason }` (staff): screening → rejected; the poster sees the reason. */
  @Roles(Role.Staff)
  @Post('listings/:id/reject')
  @HttpCode(HttpStatus.OK)
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'reject', user, { reason: dto.reason }));
  }

  /** `POST /api/v1/listings/:id/revise` (poster): rejected → draft. */
  @Post('listings/:id/revise')
  @HttpCode(HttpStatus.OK)
  async revise(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'revise', user));
  }

  /** `POST /api/v1/listings/:id/publish` (staff): passed → published (发布榜单), indexed after the commit. */
  @Roles(Role.Staff)
  @Post('listings/:id/publish')
  @HttpCode(HttpStatus.OK)
  async publish(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'publish', user));
  }

  /** `POST /api/v1/listings/:id/withdraw` `{ reason }` (poster) → closed (withdrawn). */
  @Post('listings/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  async withdraw(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return toSummary(await this.workflow.transition(id, 'withdraw', user, { reason: dto.reason }));
  }

  /** `POST /api/v1/listings/:id/close` `{ closeReason, reason }` (staff): published → closed. */
  @Roles(Role.Staff)
  @Post('listings/:id/close')
  @HttpCode(HttpStatus.OK)
  async close(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseListingDto, @AuthUser() user: CurrentUser) {
    return toSummary(
      await this.workflow.transition(id, 'close', user, { reason: dto.reason, closeReason: dto.closeReason }),
    );
  }

  /** `POST /api/v1/listings/:id/experts` `{ expertUserId }` (staff): invite an expert to 需求论证. */
  @Roles(Role.Staff)
  @Post('listings/:id/experts')
  @HttpCode(HttpStatus.NO_CONTENT)
  inviteExpert(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignExpertDto, @AuthUser() user: CurrentUser) {
    return this.workflow.inviteExpert(id, dto.expertUserId, user);
  }

  /** `POST /api/v1/listings/:id/opinions` (invited expert) `{ recommendation, opinion }`. */
  @Roles(Role.Expert)
  @Post('listings/:id/opinions')
  @HttpCode(HttpStatus.NO_CONTENT)
  opinion(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ScreeningOpinionDto, @AuthUser() user: CurrentUser) {
    return this.workflow.recordOpinion(id, dto, user);
  }

  /** `GET /api/v1/listings/:id/opinions` (staff) → screening opinions. */
  @Roles(Role.Staff)
  @Get('listings/:id/opinions')
  opinions(@Param('id', ParseUUIDPipe) id: string): Promise<ScreeningOpinionRecordDto[]> {
    return this.workflow.opinions(id);
  }

  /** `GET /api/v1/expert/assignments` (expert) → listings to screen and applications to score. */
  @Roles(Role.Expert)
  @Get('expert/assignments')
  async assignments(@AuthUser() user: CurrentUser): Promise<ExpertAssignmentsDto> {
    return {
      listings: await this.workflow.assignedListings(user),
      applications: await this.applications.assignedTo(user),
    };
  }

  /** `GET /api/v1/listings/:id/history` (staff, the poster's users) → the listing's audit records. */
  @Get('listings/:id/history')
  async listingHistory(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<AuditEntryDto[]> {
    assertStaffOrMember(user, await this.listings.posterOrgIdOf(id));
    return this.audit.history('listing', id);
  }

  /** `POST /api/v1/applications` (institute/enterprise) → 201; 422 `INELIGIBLE`; 409 `APPLICATION_EXISTS` / `LISTING_NOT_OPEN`. */
  @Roles(Role.Institute, Role.Enterprise)
  @Post('applications')
  @ApiOperation({ summary: '揭榜申报' })
  apply(@Body() dto: CreateApplicationDto, @AuthUser() user: CurrentUser): Promise<ApplicationDto> {
    return this.applications.create(dto, user);
  }

  /** `GET /api/v1/my/applications` → applications of my organisation (lead or member). */
  @Roles(Role.Institute, Role.Enterprise)
  @Get('my/applications')
  myApplications(@AuthUser() user: CurrentUser): Promise<ApplicationDto[]> {
    return this.applications.mine(user);
  }

  /** `GET /api/v1/listings/:id/applications` (staff, the poster's users). */
  @Get('listings/:id/applications')
  async listingApplications(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<ApplicationDto[]> {
    assertStaffOrMember(user, await this.listings.posterOrgIdOf(id));
    return this.applications.forListing(id, user);
  }

  /** `GET /api/v1/applications/:id` — parties, poster, staff, assigned experts; 404 otherwise. */
  @Get('applications/:id')
  application(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<ApplicationDto> {
    return this.applications.get(id, user);
  }

  /** `GET /api/v1/applications/:id/history` — the application's audit records (same visibility). */
  @Get('applications/:id/history')
  async applicationHistory(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<AuditEntryDto[]> {
    await this.applications.get(id, user);
    if (!actorsOf(user, {}).includes('staff') && user.role === Role.Expert) throw new NotFoundError('揭榜申报', id);
    return this.audit.history('application', id);
  }

  /** `POST /api/v1/applications/:id/consent` (a member organisation's user). */
  @Roles(Role.Institute, Role.Enterprise)
  @Post('applications/:id/consent')
  @HttpCode(HttpStatus.OK)
  consent(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser) {
    return this.applications.transition(id, 'consent', user);
  }

  /** `POST /api/v1/applications/:id/withdraw` `{ reason }` (the lead's users). */
  @Roles(Role.Institute, Role.Enterprise)
  @Post('applications/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  withdrawApplication(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.applications.transition(id, 'withdraw', user, { reason: dto.reason });
  }

  /** `POST /api/v1/applications/:id/review` (staff): submitted → under_review (eligibility re-checked). */
  @Roles(Role.Staff)
  @Post('applications/:id/review')
  @HttpCode(HttpStatus.OK)
  startReview(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser) {
    return this.applications.transition(id, 'startReview', user);
  }

  /** `POST /api/v1/applications/:id/experts` `{ expertUserId }` (staff); 422 `EXPERT_CONFLICT` with the path. */
  @Roles(Role.Staff)
  @Post('applications/:id/experts')
  @HttpCode(HttpStatus.NO_CONTENT)
  assignExpert(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignExpertDto, @AuthUser() user: CurrentUser) {
    return this.applications.assignExpert(id, dto.expertUserId, user);
  }

  /** `POST /api/v1/applications/:id/scores` (assigned expert) — four criteria 0–25 and an opinion. */
  @Roles(Role.Expert)
  @Post('applications/:id/scores')
  @HttpCode(HttpStatus.NO_CONTENT)
  score(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ScoreDto, @AuthUser() user: CurrentUser) {
    return this.applications.score(id, dto, user);
  }

  /**
   * `PUT /api/v1/applications/:id/poster-opinion` `{ recommend, opinion }` (the poster organisation's users) →
   * the application with its `posterOpinion` (发榜方意见, seed `004 §9(五)`, issue 16 item 4); a later save replaces
   * it. 403 `NOT_POSTER` for anyone else's organisation (403 `FORBIDDEN` for staff and experts); 409
   * `REVIEW_NOT_OPEN` unless the application is under review; 400 for a missing choice or an opinion under 5
   * characters.
   */
  @Roles(Role.Institute, Role.Enterprise)
  @Put('applications/:id/poster-opinion')
  @ApiOperation({ summary: '发榜方意见(评审阶段)' })
  posterOpinion(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PosterOpinionBody,
    @AuthUser() user: CurrentUser,
  ): Promise<ApplicationDto> {
    return this.posterOpinions.record(id, dto, user);
  }

  /** `POST /api/v1/applications/:id/recommend` `{ reason }` (staff) → recommended; 409 `REVIEW_INCOMPLETE`; 422 `INELIGIBLE`. */
  @Roles(Role.Staff)
  @Post('applications/:id/recommend')
  @HttpCode(HttpStatus.OK)
  recommend(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto, @AuthUser() user: CurrentUser) {
    return this.applications.transition(id, 'recommend', user, { reason: dto.reason });
  }

  /** `POST /api/v1/applications/:id/decline` `{ code, reason }` (staff) → declined; the applicant sees both. */
  @Roles(Role.Staff)
  @Post('applications/:id/decline')
  @HttpCode(HttpStatus.OK)
  decline(@Param('id', ParseUUIDPipe) id: string, @Body() dto: DeclineDto, @AuthUser() user: CurrentUser) {
    return this.applications.transition(id, 'decline', user, { decline: dto });
  }
}
