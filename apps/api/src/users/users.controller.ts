import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuthorityDto,
  AUTHORITIES,
  CreateUserDto,
  CurrentUser,
  OneTimePasswordDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
} from '@jiebang/contracts';
import { AuthUser } from '../auth/auth.decorators';
import { UsersService } from './users.service';

/**
 * `/api/v1/users` — account administration (issue 13): staff administrators (`ManageUsers`) for every account,
 * an organisation's first user for its colleagues (403 `FORBIDDEN` for anyone else). Refusals change nothing.
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** `GET /api/v1/users?role=&staffRole=&orgId=&disabled=&authority=&q=&page=&pageSize=` → a page of accounts. */
  @Get('users')
  @ApiOperation({ summary: '账号列表' })
  list(@Query() q: UserQueryDto, @AuthUser() user: CurrentUser): Promise<UserPageDto> {
    return this.users.list(user, q);
  }

  /**
   * `POST /api/v1/users` → 201 `{ user, oneTimePassword }` (shown once). 409 `USERNAME_TAKEN`; 422
   * `USER_ROLE_INVALID` / `AUTHORITY_UNKNOWN`.
   */
  @Post('users')
  @ApiOperation({ summary: '新建账号(返回一次性密码)' })
  create(@Body() dto: CreateUserDto, @AuthUser() user: CurrentUser): Promise<OneTimePasswordDto> {
    return this.users.create(user, dto);
  }

  /** `GET /api/v1/users/authorities` → the recommending authorities a recommender may be scoped to. */
  @Get('users/authorities')
  @ApiOperation({ summary: '推荐部门名单' })
  authorities(): AuthorityDto[] {
    return [...AUTHORITIES];
  }

  /** `GET /api/v1/users/:id` → one account in the caller's scope; 404 otherwise. */
  @Get('users/:id')
  @ApiOperation({ summary: '账号详情' })
  get(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<UserDto> {
    return this.users.get(user, id);
  }

  /** `PATCH /api/v1/users/:id` → the account; a change of rights ends its sessions. */
  @Patch('users/:id')
  @ApiOperation({ summary: '修改账号' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @AuthUser() user: CurrentUser,
  ): Promise<UserDto> {
    return this.users.update(user, id, dto);
  }

  /** `POST /api/v1/users/:id/disable` → the account; its sessions and sockets end at once. */
  @Post('users/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '停用账号' })
  disable(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<UserDto> {
    return this.users.setDisabled(user, id, true);
  }

  /** `POST /api/v1/users/:id/enable` → the account, usable again. */
  @Post('users/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '启用账号' })
  enable(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<UserDto> {
    return this.users.setDisabled(user, id, false);
  }

  /** `POST /api/v1/users/:id/reset-password` → `{ user, oneTimePassword }`; its sessions end at once. */
  @Post('users/:id/reset-password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重置密码(返回一次性密码)' })
  resetPassword(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<OneTimePasswordDto> {
    return this.users.resetPassword(user, id);
  }
}
