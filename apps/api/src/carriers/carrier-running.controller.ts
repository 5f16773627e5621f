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
  EstablishmentReviewDto,
  ProposeCaseByCaseDto,
  ReportCarrierChangeDto,
  Role,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires, Roles } from '../auth/auth.decorators';
import { CarrierCaseByCaseService } from './carrier-case-by-case.service';
import { CarrierChangesService } from './carrier-changes.service';
import { CarrierEstablishmentService } from './carrier-establishment.service';

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

  /** `GET /carriers/:id/changes` — the host's users and staff. */
  @ApiBearerAuth()
  @Roles(Role.Institute, Role.Enterprise, Role.Staff)
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
