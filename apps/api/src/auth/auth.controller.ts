import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, LoginDto, LoginResponse } from '@jiebang/contracts';
import { AuthUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `POST /api/v1/auth/login` `{ username, password }` → `{ accessToken }` (JWT, `JWT_TTL_SECONDS`).
   * 401 `INVALID_CREDENTIALS`; 423 `ACCOUNT_LOCKED` after `LOGIN_MAX_FAILURES` consecutive failures.
   */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '登录' })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password);
  }

  /** `GET /api/v1/auth/me` → the logged-in user (any role). */
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前用户' })
  me(@AuthUser() user: CurrentUser): CurrentUser {
    return user;
  }
}
