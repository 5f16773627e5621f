/**
 * Identity endpoints of the API client: login, logout, password change, TOTP enrolment, the current user.
 */
import type {
  ChangePasswordDto,
  CurrentUser,
  LoginDto,
  LoginResponse,
  TotpConfirmDto,
  TotpConfirmed,
  TotpEnrolDto,
  TotpEnrolment,
} from '@jiebang/contracts';
import { requestJson } from './core';

/**
 * `POST /api/v1/auth/login` — 401 `INVALID_CREDENTIALS`, 429 `LOGIN_THROTTLED`, 401 `TOTP_REQUIRED` /
 * `TOTP_INVALID`, 403 `TOTP_ENROLMENT_REQUIRED` (`details.enrolmentToken`).
 */
export function login(body: LoginDto): Promise<LoginResponse> {
  return requestJson<LoginResponse>('/auth/login', { method: 'POST', body, auth: 'none' });
}

/** `POST /api/v1/auth/logout` — revokes the current session on the server (204). */
export function logoutRequest(): Promise<void> {
  return requestJson<void>('/auth/logout', { method: 'POST' });
}

/**
 * `POST /api/v1/auth/change-password` — every session is revoked; the answer carries this device's new tokens.
 * 400 `CURRENT_PASSWORD_INVALID`, `PASSWORD_TOO_SHORT`, `PASSWORD_BLOCKED`, …
 */
export function changePassword(body: ChangePasswordDto): Promise<LoginResponse> {
  return requestJson<LoginResponse>('/auth/change-password', { method: 'POST', body });
}

/** `POST /api/v1/auth/totp/enrol` — the secret and its `otpauth://` URI (shown once). */
export function enrolTotp(body: TotpEnrolDto): Promise<TotpEnrolment> {
  return requestJson<TotpEnrolment>('/auth/totp/enrol', { method: 'POST', body, auth: 'optional' });
}

/** `POST /api/v1/auth/totp/confirm` — turns the factor on; with an enrolment token, completes the login. */
export function confirmTotp(body: TotpConfirmDto): Promise<TotpConfirmed> {
  return requestJson<TotpConfirmed>('/auth/totp/confirm', { method: 'POST', body, auth: 'optional' });
}

/** `GET /api/v1/auth/me` — the signed-in user. */
export function getMe(signal?: AbortSignal): Promise<CurrentUser> {
  return requestJson<CurrentUser>('/auth/me', { signal });
}
