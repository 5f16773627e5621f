import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  can,
  Capability,
  CarrierChangeDto,
  CarrierChangeListDto,
  CarrierRunningDto,
  CaseByCaseDecisionDto,
  CaseByCaseDecisionListDto,
  CurrentUser,
  DecideCarrierChangeDto,
  DecideCaseByCaseDto,
  EstablishmentRequestDto,
  EstablishmentRequestListDto,
  EstablishmentReviewDto,
  ProposeCaseByCaseDto,
  RecommenderDecisionDto,
  SubmitEstablishmentRequestDto,
  ReportCarrierChangeDto,
  Role,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires, Roles } from '../auth/auth.decorators';
import { CarrierCaseByCaseService } from './carrier-case-by-case.service';
import { CarrierChangesService, toChangeDto } from './carrier-changes.service';
import { CarrierEstablishmentService } from './carrier-establishment.service';
import { CarrierRecommenderReviewService } from './carrier-recommender-review.service';

/**
 * `/api/v1/carriers/…` — the running years beyond reports and evaluations (issue 15 §6): major changes (host's users
 * report; staff file or approve, four eyes where the registry changes), 一事一议 (`003 §12`, four eyes), the
 * 技术创新中心's 筹建期满考核 (`003 §20–21`) and a carrier's running-year dates.
 */
@ApiTags('carriers')
@Controller('carriers')
export class CarrierRunningController {
  constructor(
    private readonly changes: CarrierChangesService,
    private readonly cases: CarrierCaseByCaseService,
    private readonly establishment: CarrierEstablishmentService,
    private readonly recommender: CarrierRecommenderReviewService,
  ) {}

  /** `GET /carriers/:id/running` — next report, evaluation, end of 筹建 or 整改, with sources (public). */
  @Public()
  @Get(':id/running')
  @ApiOperation({ summary: '载体运行期限(年度报告、绩效评价、筹建期、整改期)' })
  running(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierRunningDto> {
    return this.establishment.running(id);
  }

  /** `POST /carriers/:id/changes` — the host reports a major change (`001 §19`: within 3 months; late is flagged). */
  @ApiBearerAuth()
  @Roles(Role.Institute, Role.Enterprise)
  @Post(':id/changes')
  @ApiOperation({ summary: '报告重大事项变更' })
  reportChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReportCarrierChangeDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierChangeDto> {
    return this.changes.report(user, id, dto);
  }

  /** `GET /carriers/:id/changes` — the host's users, staff and the carrier's recommender. */
  @ApiBearerAuth()
  @Roles(Role.Institute, Role.Enterprise, Role.Staff, Capability.RecommendCarriers)
  @Get(':id/changes')
  @ApiOperation({ summary: '重大事项变更记录' })
  async listChanges(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierChangeListDto> {
    return { items: await this.changes.list(user, id, can(user, Capability.RunCarrierProgrammes)) };
  }

  /** `POST /carriers/changes/:id/decide` — staff: file (备案), refuse, or approve pending a second person. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('changes/:id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: '处理重大事项变更' })
  decideChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCarrierChangeDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierChangeDto> {
    return this.changes.decide(user, id, dto);
  }

  /** `POST /carriers/changes/:id/confirm` — a second staff member (409 `SAME_APPROVER`); applied to the registry. */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('changes/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: '复核重大事项变更' })
  confirmChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCarrierChangeDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierChangeDto> {
    return this.changes.confirm(user, id, dto);
  }

  /**
   * `POST /carriers/changes/:id/recommend` — the carrier's recommender (所辖盟市 / 组织单位) agrees (→ staff) or
   * returns a change (`001 §19`; `003 §30`). 403 `NOT_OWN_AUTHORITY` for another authority's carrier; 409
   * `ILLEGAL_TRANSITION` unless awaiting it.
   */
  @ApiBearerAuth()
  @Requires(Capability.RecommendCarriers)
  @Post('changes/:id/recommend')
  @HttpCode(200)
  @ApiOperation({ summary: '组织单位审核重大事项变更' })
  async recommendChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecommenderDecisionDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierChangeDto> {
    return toChangeDto(await this.recommender.recommendChange(user, id, dto));
  }

  /**
   * `POST /carriers/:id/establishment-requests` — the centre's 考核申请 when 筹建 ends (`003 §20`). 409
   * `CARRIER_ESTABLISHMENT_TOO_EARLY`, `CARRIER_ESTABLISHMENT_REQUEST_OPEN`, `ILLEGAL_TRANSITION` unless 筹建.
   */
  @ApiBearerAuth()
  @Roles(Role.Institute, Role.Enterprise)
  @Post(':id/establishment-requests')
  @ApiOperation({ summary: '提交筹建期满考核申请' })
  submitEstablishmentRequest(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubmitEstablishmentRequestDto,
    @AuthUser() user: CurrentUser,
  ): Promise<EstablishmentRequestDto> {
    return this.recommender.submitRequest(user, id, dto);
  }

  /** `GET /carriers/:id/establishment-requests` — the host's users, staff and the carrier's recommender. */
  @ApiBearerAuth()
  @Roles(Role.Institute, Role.Enterprise, Role.Staff, Capability.RecommendCarriers)
  @Get(':id/establishment-requests')
  @ApiOperation({ summary: '筹建期满考核申请记录' })
  async listEstablishmentRequests(
    @Param('id', ParseUUIDPipe) id: string,
    @AuthUser() user: CurrentUser,
  ): Promise<EstablishmentRequestListDto> {
    return { items: await this.recommender.listRequests(user, id, can(user, Capability.RunCarrierProgrammes)) };
  }

  /**
   * `POST /carriers/establishment-requests/:id/recommend` — the 组织单位 agrees or returns the 考核申请 (`003 §20`).
   * 403 `NOT_OWN_AUTHORITY`; 409 `ILLEGAL_TRANSITION` unless submitted.
   */
  @ApiBearerAuth()
  @Requires(Capability.RecommendCarriers)
  @Post('establishment-requests/:id/recommend')
  @HttpCode(200)
  @ApiOperation({ summary: '组织单位审核筹建期满考核申请' })
  recommendEstablishmentRequest(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecommenderDecisionDto,
    @AuthUser() user: CurrentUser,
  ): Promise<EstablishmentRequestDto> {
    return this.recommender.recommendRequest(user, id, dto);
  }

  /** `POST /carriers/:id/establishment-review` — staff record the 筹建期满考核 (`003 §20–21`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post(':id/establishment-review')
  @HttpCode(200)
  @ApiOperation({ summary: '筹建期满考核' })
  establishmentReview(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EstablishmentReviewDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierRunningDto> {
    return this.establishment.review(user, id, dto);
  }

  /** `GET /carriers/applications/:id/case-by-case` — the application's 一事一议 decisions (staff). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Get('applications/:id/case-by-case')
  @ApiOperation({ summary: '一事一议记录' })
  async listCases(@Param('id', ParseUUIDPipe) id: string): Promise<CaseByCaseDecisionListDto> {
    return { items: await this.cases.list(id) };
  }

  /** `POST /carriers/applications/:id/case-by-case` — staff propose 一事一议 with reasons (`003 §12`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('applications/:id/case-by-case')
  @ApiOperation({ summary: '提出一事一议' })
  proposeCase(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProposeCaseByCaseDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CaseByCaseDecisionDto> {
    return this.cases.propose(user, id, dto.reasons);
  }

  /** `POST /carriers/case-by-case/:id/approve` — a second staff member (409 `SAME_APPROVER`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('case-by-case/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '批准一事一议' })
  approveCase(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCaseByCaseDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CaseByCaseDecisionDto> {
    return this.cases.decide(user, id, true, dto.note);
  }

  /** `POST /carriers/case-by-case/:id/reject` — a second staff member (409 `SAME_APPROVER`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post('case-by-case/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: '否决一事一议' })
  rejectCase(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideCaseByCaseDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CaseByCaseDecisionDto> {
    return this.cases.decide(user, id, false, dto.note);
  }
}
