import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  ControlEdgeDto,
  CreateControlEdgeDto,
  CreateCreditRecordDto,
  CreditRecordDto,
  CurrentUser,
  EndControlEdgeDto,
  OrganizationControlsDto,
  Role,
} from '@jiebang/contracts';
import { AuthUser, Requires, Roles } from '../auth/auth.decorators';
import { GraphService } from './graph.service';

/** The organisation graph: control edges and credit records (RULEBOOK §6, seed `004 §14`). */
@ApiTags('graph')
@ApiBearerAuth()
@Controller()
export class GraphController {
  constructor(private readonly graph: GraphService) {}

  /** `GET /api/v1/organizations/:id/controls` (logged in) → direct `{ controllers, controlled }` edges. */
  @Get('organizations/:id/controls')
  @ApiOperation({ summary: '单位的直接控制关系' })
  controls(@Param('id', ParseUUIDPipe) id: string): Promise<OrganizationControlsDto> {
    return this.graph.edgesOf(id);
  }

  /**
   * `POST /api/v1/controls` (staff broker/admin) → `ControlEdgeDto`, audited. 404 unknown organisation;
   * 422 `CONTROL_SELF_EDGE` / `EQUITY_PCT_REQUIRED` / `VALIDITY_RANGE`; 409 `CONTROL_EDGE_EXISTS` (overlapping
   * period of the same pair and kind).
   */
  @Requires(Capability.EditControlGraph)
  @Post('controls')
  @ApiOperation({ summary: '新增控制关系(须注明来源)' })
  addControl(@Body() dto: CreateControlEdgeDto, @AuthUser() user: CurrentUser): Promise<ControlEdgeDto> {
    return this.graph.addEdge(dto, user);
  }

  /**
   * `DELETE /api/v1/controls/:id` (staff broker/admin), optional body `EndControlEdgeDto` → 204. Kept for
   * compatibility: it ENDS the edge like `POST /controls/:id/end` (never deletes it, issue 11 item 6).
   * 404 when absent; 409 `CONTROL_EDGE_ENDED` when already ended; 422 `VALIDITY_RANGE`.
   */
  @Requires(Capability.EditControlGraph)
  @Delete('controls/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '终止控制关系(保留记录,设失效日期;同 POST /controls/:id/end)' })
  async deleteControl(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EndControlEdgeDto,
    @AuthUser() user: CurrentUser,
  ): Promise<void> {
    await this.graph.endEdge(id, user, dto);
  }

  /**
   * `POST /api/v1/controls/:id/end` (staff broker/admin) `EndControlEdgeDto` `{ validTo?, reason? }` → the ended
   * `ControlEdgeDto` (200). `validTo` is the last day the relation held, default yesterday (Beijing). The edge is
   * kept, so eligibility on an earlier date still sees it; an audit record is written with it.
   * 404 when absent; 409 `CONTROL_EDGE_ENDED` when already ended by then; 422 `VALIDITY_RANGE`.
   */
  @Requires(Capability.EditControlGraph)
  @Post('controls/:id/end')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '终止控制关系(保留记录,设失效日期)' })
  endControl(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EndControlEdgeDto,
    @AuthUser() user: CurrentUser,
  ): Promise<ControlEdgeDto> {
    return this.graph.endEdge(id, user, dto);
  }

  /** `GET /api/v1/organizations/:id/credit-records` (staff) → `CreditRecordDto[]`. */
  @Roles(Role.Staff)
  @Get('organizations/:id/credit-records')
  @ApiOperation({ summary: '信用记录(工作人员)' })
  creditRecords(@Param('id', ParseUUIDPipe) id: string): Promise<CreditRecordDto[]> {
    return this.graph.creditRecords(id);
  }

  /** `POST /api/v1/credit-records` (staff broker/admin) → `CreditRecordDto`, audited; 404; 422 `VALIDITY_RANGE`. */
  @Requires(Capability.EditControlGraph)
  @Post('credit-records')
  @ApiOperation({ summary: '新增信用记录(联合惩戒名单/科研失信)' })
  addCreditRecord(@Body() dto: CreateCreditRecordDto, @AuthUser() user: CurrentUser): Promise<CreditRecordDto> {
    return this.graph.addCreditRecord(dto, user);
  }
}
