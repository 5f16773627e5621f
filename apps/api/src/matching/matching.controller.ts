import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  EligibilityCheckDto,
  EligibilityResponse,
  ListingMatchPageDto,
  MatchQuery,
  OrgMatchPageDto,
} from '@jiebang/contracts';
import { AuthUser } from '../auth/auth.decorators';
import { ListingsService } from '../listings/listings.service';
import { assertStaffOrMember } from '../organizations/organizations.controller';
import { EligibilityService } from './eligibility.service';
import { MatchingService } from './matching.service';

/** Eligibility checks and ranked matching. */
@ApiTags('matching')
@ApiBearerAuth()
@Controller()
export class MatchingController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly matching: MatchingService,
    private readonly listings: ListingsService,
  ) {}

  /**
   * `POST /api/v1/eligibility/check` (logged in) `{ listingId, applicantOrgId, memberOrgIds? }` →
   * `{ eligible, blocks: [{ code, rule, orgId, path, message }], warnings, orgNames, asOf }`.
   * 404 unknown listing/organisation; 422 `POSTER_UNKNOWN`.
   */
  @Post('eligibility/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '揭榜资格检查(同一主体、控制关系、地域、类型、信用)' })
  check(@Body() dto: EligibilityCheckDto): Promise<EligibilityResponse> {
    return this.eligibility.check(dto);
  }

  /** `GET /api/v1/listings/:id/matches?page=&pageSize=` (staff or the poster's users) → ranked candidates. */
  @Get('listings/:id/matches')
  @ApiOperation({ summary: '榜单的匹配候选(排序并给出得分构成)' })
  async listingMatches(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: MatchQuery,
    @AuthUser() user: CurrentUser,
  ): Promise<OrgMatchPageDto> {
    assertStaffOrMember(user, await this.listings.posterOrgIdOf(id));
    return this.matching.candidatesFor(id, q.page, q.pageSize);
  }

  /** `GET /api/v1/organizations/:id/matches?page=&pageSize=` (staff or the organisation's users) → ranked listings. */
  @Get('organizations/:id/matches')
  @ApiOperation({ summary: '单位可揭榜的榜单(排序)' })
  orgMatches(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: MatchQuery,
    @AuthUser() user: CurrentUser,
  ): Promise<ListingMatchPageDto> {
    assertStaffOrMember(user, id);
    return this.matching.listingsFor(id, q.page, q.pageSize);
  }
}
