import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  CurrentUser,
  OrganizationDto,
  OrganizationPageDto,
  OrganizationQuery,
  RegisterOrganizationDto,
  Role,
  SetPartnerDto,
  VerifyOrganizationDto,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires } from '../auth/auth.decorators';
import { errorBody } from '../common/domain-error';
import { OrganizationsService } from './organizations.service';

/** The organisation register. */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly orgs: OrganizationsService) {}

  /**
   * `POST /api/v1/organizations` — self-registration (public) with the first account. 201 `OrganizationDto`
   * (unverified); 400 `USCC_FORMAT` / `USCC_CATEGORY` / `USCC_CHECKSUM` / `VALIDATION_FAILED`;
   * 409 `ORG_ALREADY_REGISTERED` / `USERNAME_TAKEN`.
   */
  @Public()
  @Post()
  @ApiOperation({ summary: '单位自助注册(须有效的统一社会信用代码)' })
  register(@Body() dto: RegisterOrganizationDto): Promise<OrganizationDto> {
    return this.orgs.register(dto);
  }

  /**
   * `GET /api/v1/organizations?q=&verified=&page=&pageSize=` (logged in) → `Page<OrganizationDto>`. Staff see
   * every organisation with contacts; other users search verified organisations only, without contacts (to
   * name consortium members).
   */
  @Get()
  @ApiOperation({ summary: '单位检索(工作人员:全部;其他用户:已认证单位)' })
  list(@Query() q: OrganizationQuery, @AuthUser() user: CurrentUser): Promise<OrganizationPageDto> {
    return this.orgs.list(q, user);
  }

  /** `GET /api/v1/organizations/:id` (logged in) → `OrganizationDto`; contacts for staff and own users only. */
  @Get(':id')
  @ApiOperation({ summary: '单位详情' })
  get(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<OrganizationDto> {
    return this.orgs.get(id, user);
  }

  /** `POST /api/v1/organizations/:id/verify` (staff broker/admin) → `OrganizationDto`; 409 `ORG_ALREADY_VERIFIED`. */
  @Requires(Capability.VerifyOrganizations)
  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '认证单位(工作人员)' })
  verify(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: VerifyOrganizationDto,
    @AuthUser() user: CurrentUser,
  ): Promise<OrganizationDto> {
    return this.orgs.verify(id, dto, user);
  }

  /**
   * `POST /api/v1/organizations/:id/partner` (staff who verify organisations) → `OrganizationDto`: records whether
   * the organisation is a 科技兴蒙 "4+8+N" 合作主体, with its basis; audited (`organization_partner_set`).
   */
  @Requires(Capability.VerifyOrganizations)
  @Post(':id/partner')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '登记或撤销科技兴蒙"4+8+N"合作主体(工作人员)' })
  setPartner(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetPartnerDto,
    @AuthUser() user: CurrentUser,
  ): Promise<OrganizationDto> {
    return this.orgs.setPartner(id, dto, user);
  }
}

/** Throws 403 unless the user is staff or belongs to `orgId`. */
export function assertStaffOrMember(user: CurrentUser, orgId: string | null): void {
  if (user.role === Role.Staff || (orgId !== null && user.orgId === orgId)) return;
  throw new ForbiddenException(errorBody('FORBIDDEN', '无权访问:仅限工作人员或本单位用户'));
}
