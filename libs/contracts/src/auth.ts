import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /api/v1/auth/refresh`: a refresh token from login or the last refresh (each is used once). */
export class RefreshDto {
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  refreshToken!: string;
}

/**
 * Body of `POST /api/v1/auth/change-password`. The new password is checked by the policy of `password-policy.ts`
 * in the service (400 `PASSWORD_TOO_SHORT`, `PASSWORD_BLOCKED`, … — specific codes, hence no policy decorator here).
 */
export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword!: string;

  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

/**
 * Body of `POST /api/v1/auth/totp/enrol`: either a logged-in caller (bearer token) or the short-lived
 * `enrolmentToken` from a 403 `TOTP_ENROLMENT_REQUIRED` login answer.
 */
export class TotpEnrolDto {
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  enrolmentToken?: string;
}

/** Body of `POST /api/v1/auth/totp/confirm`: the first code from the authenticator app. */
export class TotpConfirmDto extends TotpEnrolDto {
  @Matches(/^[0-9]{6}$/, { message: '动态验证码应为 6 位数字' })
  code!: string;
}

/** Response of `POST /api/v1/auth/totp/enrol`: shown once; the secret is never returned after confirmation. */
export class TotpEnrolment {
  /** Base32 secret, for typing into an authenticator app. */
  secret!: string;
  /** `otpauth://totp/…` URI, for a QR code. */
  otpauthUri!: string;
}

/**
 * Response of `POST /api/v1/auth/totp/confirm`: the factor is on; with an `enrolmentToken` the login completes
 * and the session's tokens are included.
 */
export class TotpConfirmed {
  totpEnabled!: true;
  accessToken?: string;
  refreshToken?: string;
  expiresIn?: number;
  /** The account still has a one-time password (see `LoginResponse.mustChangePassword`). */
  mustChangePassword?: boolean;
}

/** `details` of a 403 `TOTP_ENROLMENT_REQUIRED` login answer. */
export interface TotpEnrolmentRequiredDetails {
  /** Short-lived (10 min) token admitting only `/auth/totp/enrol` and `/auth/totp/confirm`. */
  enrolmentToken: string;
}
