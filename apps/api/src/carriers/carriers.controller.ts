import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignCarrierExpertDto,
  AuditEntryDto,
  Capability,
  CarrierApplicationDto,
  CarrierApplicationPageDto,
  CarrierApplicationQueryDto,
  CarrierDetailDto,
  CarrierExpertOpinionDto,
  CarrierObjectionDto,
  CarrierPageDto,
  CarrierQueryDto,
  CarrierReportDto,
  CarrierReportStepDto,
  CarrierRoundDto,
  CarrierProgrammeListDto,
  CarrierRoundListDto,
  CarrierRuleSetListDto,
  CarrierRuleSetRecordDto,
  CarrierStepDto,
  CarrierSupportDto,
  CarrierSupportListDto,
  CarrierSupportOptionsDto,
  CreateCarrierApplicationDto,
  CreateCarrierRoundDto,
  CurrentUser,
  DecideCarrierSupportDto,
  DisburseCarrierSupportDto,
  EvaluateCarrierDto,
  LoadCarrierRuleSetDto,
  ProposeCarrierSupportDto,
  PublishCarrierDto,
  RecommendCarrierApplicationDto,
  ResolveCarrierObjectionDto,
  ReturnCarrierApplicationDto,
  RevokeCarrierDto,
  Role,
  SubmitCarrierApplicationDto,
  SubmitCarrierReportDto,
  UpdateCarrierApplicationDto,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires, Roles } from '../auth/auth.decorators';
import { CarrierApplicationsService } from './carrier-applications.service';
import { CarrierReviewService } from './carrier-review.service';
import { CarrierRegistryService } from './carrier-registry.service';
import { CarrierRoundsService } from './carrier-rounds.service';
import { CarrierSupportService } from './carrier-support.service';

/** The roles of organisations' users (applicants, hosts). */
const ORG_ROLES = [Role.Institute, Role.Enterprise] as const;

/**
 * `/api/v1/carriers/…` — the carrier platforms' programmes (issue 15; RULEBOOK §7, seeds `000`–`003`). Staff run
 * them with `RunCarrierProgrammes` (approval of support with `ApproveSubsidy`), recommenders act with
 * `RecommendCarriers`, organisations' users apply and report; the registry is public.
 */
@ApiTags('carriers')
@Controller('carriers')
export class CarriersController {
  constructor(
    private readonly rounds: CarrierRoundsService,
    private readonly applications: CarrierApplicationsService,
    private readonly reviews: CarrierReviewService,
    private readonly registry: CarrierRegistryService,
    private readonly support: CarrierSupportService,
  ) {}

  /** `GET /carriers` — the public registry (kind, status, region prefix, field; paginated). */
  @Public()
  @Get()
  @ApiOperation({ summary: '载体备案名录' })
  list(@Query() q: CarrierQueryDto): Promise<CarrierPageDto> {
    return this.registry.list(q);
  }

  /** `GET /carriers/rule-sets` — stored rule sets (staff). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Get('rule-sets')
  @ApiOperation({ summary: '规则集' })
  async ruleSets(): Promise<CarrierRuleSetListDto> {
    return { items: await this.rounds.ruleSets() };
  }

  /** `POST /carriers/rule-sets` — staff load a rule set as data (422 `CARRIER_RULE_SET_INVALID`, 409 `…_EXISTS`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('rule-sets')
  @ApiOperation({ summary: '加载规则集' })
  loadRuleSet(@Body() dto: LoadCarrierRuleSetDto, @AuthUser() user: CurrentUser): Promise<CarrierRuleSetRecordDto> {
    return this.rounds.loadRuleSet(user, dto.rules);
  }

  /** `GET /carriers/programmes` — the programmes a round belongs to (public; issue 15 §1). */
  @Public()
  @Get('programmes')
  @ApiOperation({ summary: '载体计划' })
  async programmeList(): Promise<CarrierProgrammeListDto> {
    return { items: await this.rounds.programmes() };
  }

  /** `GET /carriers/rounds` — every round (public: applicants find open calls). */
  @Public()
  @Get('rounds')
  @ApiOperation({ summary: '申报批次' })
  async roundList(): Promise<CarrierRoundListDto> {
    return { items: await this.rounds.list() };
  }

  /** `POST /carriers/rounds` — staff create a round (draft). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('rounds')
  @ApiOperation({ summary: '新建申报批次' })
  createRound(@Body() dto: CreateCarrierRoundDto, @AuthUser() user: CurrentUser): Promise<CarrierRoundDto> {
    return this.rounds.create(user, dto);
  }

  /** `POST /carriers/rounds/:id/open` — staff open a draft round. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('rounds/:id/open')
  @HttpCode(200)
  @ApiOperation({ summary: '开启申报' })
  openRound(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierRoundDto> {
    return this.rounds.open(user, id);
  }

  /** `GET /carriers/applications` — staff: all; recommender: its queue; organisations: their own. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Capability.RunCarrierProgrammes, Capability.RecommendCarriers)
  @Get('applications')
  @ApiOperation({ summary: '载体申报列表' })
  applicationList(
    @Query() q: CarrierApplicationQueryDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationPageDto> {
    return this.applications.list(user, q);
  }

  /** `POST /carriers/applications` — an organisation starts an application (draft). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('applications')
  @ApiOperation({ summary: '新建载体申报' })
  createApplication(
    @Body() dto: CreateCarrierApplicationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.create(user, dto);
  }

  /** `GET /carriers/applications/:id`. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Expert, Capability.RunCarrierProgrammes, Capability.RecommendCarriers)
  @Get('applications/:id')
  @ApiOperation({ summary: '载体申报详情' })
  application(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierApplicationDto> {
    return this.applications.get(user, id);
  }

  /** `GET /carriers/applications/:id/history`. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Expert, Capability.RunCarrierProgrammes, Capability.RecommendCarriers)
  @Get('applications/:id/history')
  @ApiOperation({ summary: '载体申报记录' })
  async applicationHistory(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<AuditEntryDto[]> {
    await this.applications.get(user, id);
    return this.applications.history(id);
  }

  /** `PATCH /carriers/applications/:id` — autosave of a draft. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Patch('applications/:id')
  @ApiOperation({ summary: '保存申报书草稿' })
  updateApplication(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCarrierApplicationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.update(user, id, dto);
  }

  /** `POST /carriers/applications/:id/submit` — 422 `CARRIER_APPLICATION_INCOMPLETE` with `details.missing`. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('applications/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: '提交申报' })
  submit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubmitCarrierApplicationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.submit(user, id, dto.integrityPledge);
  }

  /** `POST /carriers/applications/:id/recommend` — the recommender (deadline, quota: 409). */
  @ApiBearerAuth()
  @Requires(Capability.RecommendCarriers)
  @Post('applications/:id/recommend')
  @HttpCode(200)
  @ApiOperation({ summary: '推荐' })
  recommend(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecommendCarrierApplicationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.recommend(user, id, dto);
  }

  /** `POST /carriers/applications/:id/return` — the recommender sends it back. */
  @ApiBearerAuth()
  @Requires(Capability.RecommendCarriers)
  @Post('applications/:id/return')
  @HttpCode(200)
  @ApiOperation({ summary: '退回' })
  returnApplication(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReturnCarrierApplicationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.returnToApplicant(user, id, dto.reason);
  }

  /** `POST /carriers/applications/:id/formal-review` — staff; thresholds recorded met/missed. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/formal-review')
  @HttpCode(200)
  @ApiOperation({ summary: '形式审查' })
  formalReview(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.formalReview(user, id, dto.pass, dto.note);
  }

  /** `POST /carriers/applications/:id/experts` — staff invite an expert (422 `EXPERT_CONFLICT`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/experts')
  @HttpCode(200)
  @ApiOperation({ summary: '邀请评审专家' })
  assignExpert(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignCarrierExpertDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.assignExpert(user, id, dto.expertUserId);
  }

  /** `POST /carriers/applications/:id/expert-opinion` — the invited expert. */
  @ApiBearerAuth()
  @Roles(Role.Expert)
  @Post('applications/:id/expert-opinion')
  @HttpCode(200)
  @ApiOperation({ summary: '专家评审意见' })
  expertOpinion(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierExpertOpinionDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.expertOpinion(user, id, dto);
  }

  /** `POST /carriers/applications/:id/expert-review` — staff close the expert review. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/expert-review')
  @HttpCode(200)
  @ApiOperation({ summary: '结束专家评审' })
  closeExpertReview(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.closeExpertReview(user, id, dto.pass, dto.note);
  }

  /** `POST /carriers/applications/:id/site-visit` — staff record the site visit. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/site-visit')
  @HttpCode(200)
  @ApiOperation({ summary: '实地考察' })
  siteVisit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.siteVisit(user, id, dto.pass, dto.note);
  }

  /** `POST /carriers/applications/:id/decision` — 会议研究 with its minutes. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: '会议研究' })
  decide(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.reviews.decide(user, id, dto.pass, dto.note, dto.meetingOn);
  }

  /** `POST /carriers/applications/:id/notice` — open the 5-working-day notice. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/notice')
  @HttpCode(200)
  @ApiOperation({ summary: '开启公示' })
  openNotice(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierApplicationDto> {
    return this.applications.openNotice(user, id);
  }

  /** `POST /carriers/applications/:id/objections` — anyone signed in, while the notice runs. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Role.Expert, Role.Staff)
  @Post('applications/:id/objections')
  @HttpCode(200)
  @ApiOperation({ summary: '提出异议' })
  lodgeObjection(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierObjectionDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.lodgeObjection(user, id, dto.reasons);
  }

  /** `POST /carriers/objections/:id/resolve` — staff. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('objections/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: '处理异议' })
  resolveObjection(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResolveCarrierObjectionDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.resolveObjection(user, id, dto.outcome, dto.resolution);
  }

  /** `POST /carriers/applications/:id/publish` — 发文公布 (409 `CARRIER_NOTICE_RUNNING`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: '发文公布' })
  publish(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PublishCarrierDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierApplicationDto> {
    return this.applications.publish(user, id, dto);
  }

  /** `POST /carriers/reports/:id/review` — the recommender reviews an annual report. */
  @ApiBearerAuth()
  @Requires(Capability.RecommendCarriers)
  @Post('reports/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: '审核年度报告' })
  reviewReport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierReportStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierReportDto> {
    return this.registry.reportStep(user, id, 'review', dto.note);
  }

  /** `POST /carriers/reports/:id/file` — staff file an annual report. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('reports/:id/file')
  @HttpCode(200)
  @ApiOperation({ summary: '年度报告归档' })
  fileReport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierReportStepDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierReportDto> {
    return this.registry.reportStep(user, id, 'file', dto.note);
  }

  /** `POST /carriers/support/:id/approve` — a second person (409 `SAME_APPROVER`). */
  @ApiBearerAuth()
  @Requires(Capability.ApproveSubsidy)
  @Post('support/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '批准补助' })
  approveSupport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCarrierSupportDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierSupportDto> {
    return this.support.approve(user, id, dto.note);
  }

  /** `POST /carriers/support/:id/reject` — a second person. */
  @ApiBearerAuth()
  @Requires(Capability.ApproveSubsidy)
  @Post('support/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: '退回补助' })
  rejectSupport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCarrierSupportDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierSupportDto> {
    return this.support.reject(user, id, dto.note);
  }

  /** `POST /carriers/support/:id/disburse` — record the disbursement. */
  @ApiBearerAuth()
  @Requires(Capability.ApproveSubsidy)
  @Post('support/:id/disburse')
  @HttpCode(200)
  @ApiOperation({ summary: '补助拨付' })
  disburseSupport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DisburseCarrierSupportDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierSupportDto> {
    return this.support.disburse(user, id, dto.voucherNo);
  }

  /** `GET /carriers/:id` — a registry entry with its history (public). */
  @Public()
  @Get(':id')
  @ApiOperation({ summary: '载体详情' })
  carrier(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierDetailDto> {
    return this.registry.get(id);
  }

  /** `POST /carriers/:id/reports` — the host's annual report. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post(':id/reports')
  @ApiOperation({ summary: '提交年度报告' })
  submitReport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubmitCarrierReportDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierReportDto> {
    return this.registry.submitReport(user, id, dto.year, dto.content);
  }

  /** `POST /carriers/:id/evaluations` — staff evaluation (grade or missed reports). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post(':id/evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: '考核评价' })
  evaluate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EvaluateCarrierDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierDetailDto> {
    return this.registry.evaluate(user, id, dto);
  }

  /** `POST /carriers/:id/revoke` — staff revocation with 文号 and the reapply bar. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: '撤销' })
  revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RevokeCarrierDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierDetailDto> {
    return this.registry.revoke(user, id, dto);
  }

  /** `GET /carriers/:id/support` — staff. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes, Capability.ApproveSubsidy)
  @Get(':id/support')
  @ApiOperation({ summary: '补助记录' })
  async supportList(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierSupportListDto> {
    return { items: await this.support.list(id) };
  }

  /**
   * `GET /carriers/:id/support-options` — staff: the support classes the carrier's rule set grants (construction /
   * operation `001 §13`, the 国合基地 reward `002 §16`), whether each may be proposed now and why not, and the latest
   * evaluation. 404 for an unknown carrier.
   */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes, Capability.ApproveSubsidy)
  @Get(':id/support-options')
  @ApiOperation({ summary: '可提出的补助类别' })
  supportOptions(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierSupportOptionsDto> {
    return this.support.options(id);
  }

  /**
   * `POST /carriers/:id/support` — staff propose support: construction / operation computed, capped, 就高不重复
   * (`001 §13–14`); `reward` with the amount and reason staff decided for an excellent 国合基地 (`002 §16`).
   */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post(':id/support')
  @ApiOperation({ summary: '提出补助' })
  proposeSupport(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProposeCarrierSupportDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierSupportDto> {
    return this.support.propose(user, id, dto);
  }
}
