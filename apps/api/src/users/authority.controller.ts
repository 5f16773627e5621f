import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthorityQueryDto, AuthorityRecordPageDto, Capability, CurrentUser } from '@jiebang/contracts';
import { AuthUser, Requires } from '../auth/auth.decorators';
import { AuthorityService } from './authority.service';

/**
 * `/api/v1/authority/…` — a recommending authority's records, read only (`ViewAuthorityRecords`: recommenders
 * for their own authority, administrators for the one they name with `?authority=`). Every other route answers a
 * recommender 403 `RECOMMENDER_READ_ONLY`.
 */
@ApiTags('authority')
@ApiBearerAuth()
@Requires(Capability.ViewAuthorityRecords)
@Controller('authority')
export class AuthorityController {
  constructor(private readonly records: AuthorityService) {}

  /**
   * `GET /api/v1/authority/organizations` → the authority's organisations: those of its region, and those whose
   * carrier applications name it as 归口管理部门 (a 自治区部门 has only these; issue 15 §3).
   */
  @Get('organizations')
  @ApiOperation({ summary: '辖区单位' })
  organizations(@Query() q: AuthorityQueryDto, @AuthUser() user: CurrentUser): Promise<AuthorityRecordPageDto> {
    return this.records.records(user, 'organizations', q);
  }

  /** `GET /api/v1/authority/listings` → listings posted by the authority's organisations. */
  @Get('listings')
  @ApiOperation({ summary: '辖区榜单' })
  listings(@Query() q: AuthorityQueryDto, @AuthUser() user: CurrentUser): Promise<AuthorityRecordPageDto> {
    return this.records.records(user, 'listings', q);
  }

  /** `GET /api/v1/authority/applications` → applications of the authority's organisations. */
  @Get('applications')
  @ApiOperation({ summary: '辖区揭榜申报' })
  applications(@Query() q: AuthorityQueryDto, @AuthUser() user: CurrentUser): Promise<AuthorityRecordPageDto> {
    return this.records.records(user, 'applications', q);
  }

  /** `GET /api/v1/authority/deals` → deals with a party among the authority's organisations. */
  @Get('deals')
  @ApiOperation({ summary: '辖区项目' })
  deals(@Query() q: AuthorityQueryDto, @AuthUser() user: CurrentUser): Promise<AuthorityRecordPageDto> {
    return this.records.records(user, 'deals', q);
  }
}
