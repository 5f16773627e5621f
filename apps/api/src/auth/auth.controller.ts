import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ChangePasswordDto,
  CurrentUser,
  LoginDto,
  LoginResponse,
  RefreshDto,
  TotpConfirmDto,
  TotpConfirmed,
  TotpEnrolDto,
  TotpEnrolment,
} from '@jiebang/contracts';
import { AuthSessionId, AuthUser, ClientAddress, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { AllowPendingPasswordChange } from './auth.guards';
import { LoginThrottledError } from './login-throttle';

/** Sets `Retry-After` on a 429 `LOGIN_THROTTLED` before it is rendered, then rethrows. */
function withRetryAfter<T>(res: Response, work: Promise<T>): Promise<T> {
  return work.catch((e: unknown) => {
    if (e instanceof LoginThrottledError) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    throw e;
  });
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `POST /api/v1/auth/login` `{ username, password, totpCode? }` → `{ accessToken, refreshToken, expiresIn }`
   * (access JWT for `JWT_TTL_SECONDS`). 401 `INVALID_CREDENTIALS` (unknown user or wrong password, one answer);
   * 429 `LOGIN_THROTTLED` + `Retry-After` while this account+address or address must wait (growing delays, never
   * a lock-out); 401 `TOTP_REQUIRED` / `TOTP_INVALID`; 403 `TOTP_ENROLMENT_REQUIRED` (`details.enrolmentToken`).
   */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '登录' })
  login(
    @Body() dto: LoginDto,
    @ClientAddress() address: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    return withRetryAfter(res, this.auth.login(dto.username, dto.password, dto.totpCode, address));
  }

  /**
   * `POST /api/v1/auth/refresh` `{ refreshToken }` → a new `{ accessToken, refreshToken, expiresIn }`; the
   * presented refresh token is used up. 401 `INVALID_REFRESH_TOKEN`; 401 `REFRESH_TOKEN_REUSED` (the session is
   * revoked).
   */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '续期登录令牌' })
  refresh(@Body() dto: RefreshDto): Promise<LoginResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  /** `POST /api/v1/auth/logout` → 204; the current session is revoked (its access and refresh tokens die). */
  @AllowPendingPasswordChange()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录' })
  async logout(@AuthUser() user: CurrentUser, @AuthSessionId() sessionId: string): Promise<void> {
    await this.auth.logout(user, sessionId);
  }

  /**
   * `POST /api/v1/auth/change-password` `{ currentPassword, newPassword }` → new `{ accessToken, refreshToken,
   * expiresIn }`: every session of the user is revoked, a new one opened for the caller. 400
   * `CURRENT_PASSWORD_INVALID`, `PASSWORD_TOO_SHORT`, `PASSWORD_BLOCKED`, …; 429 `LOGIN_THROTTLED`.
   */
  @AllowPendingPasswordChange()
  @Post('change-password')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({ summary: '修改密码' })
  changePassword(
    @AuthUser() user: CurrentUser,
    @Body() dto: ChangePasswordDto,
    @ClientAddress() address: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    return withRetryAfter(res, this.auth.changePassword(user, dto.currentPassword, dto.newPassword, address));
  }

  /**
   * `POST /api/v1/auth/totp/enrol` `{ enrolmentToken? }` (or a bearer token) → `{ secret, otpauthUri }`, staff
   * only. 409 `TOTP_ALREADY_ENABLED`.
   */
  @Public()
  @Post('totp/enrol')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '绑定身份验证器(获取密钥)' })
  enrolTotp(@Req() req: { user?: CurrentUser }, @Body() dto: TotpEnrolDto): Promise<TotpEnrolment> {
    return this.auth.enrolTotp(req.user, dto.enrolmentToken);
  }

  /**
   * `POST /api/v1/auth/totp/confirm` `{ code, enrolmentToken? }` → `{ totpEnabled: true, accessToken?, … }`
   * (tokens when the enrolment token completes a login). 401 `TOTP_INVALID`; 409 `TOTP_NOT_ENROLLING`.
   */
  @Public()
  @Post('totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '确认绑定身份验证器' })
  confirmTotp(
    @Req() req: { user?: CurrentUser },
    @Body() dto: TotpConfirmDto,
    @ClientAddress() address: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TotpConfirmed> {
    return withRetryAfter(res, this.auth.confirmTotp(req.user, dto.enrolmentToken, dto.code, address));
  }

  /** `GET /api/v1/auth/me` → the logged-in user (any role). */
  @AllowPendingPasswordChange()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前用户' })
  me(@AuthUser() user: CurrentUser): CurrentUser {
    return user;
  }
}
