import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { compare, hash } from 'bcryptjs';
import { Repository } from 'typeorm';
import { LoginResponse } from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';
import { EnvConfig } from '../config/env.config';
import { UserEntity } from './user.entity';

/** bcrypt cost factor. */
export const BCRYPT_ROUNDS = 10;

/** Hashes a password with bcrypt (`bcryptjs`, maintained, pure JS). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, BCRYPT_ROUNDS);
}

// Compared against when the username is unknown, so that both cases take the same time.
const DUMMY_HASH = '$2b$10$jTYOR.S9WPRZw9mv3xghpugPRkEHlbJhfVM67oa/ez1/W1kwQvEN2';

/**
 * Logs users in: bcrypt check, lock-out after `LOGIN_MAX_FAILURES` consecutive failures for
 * `LOGIN_LOCK_MINUTES`, JWT access tokens signed with the configured secret.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    private readonly config: EnvConfig,
  ) {}

  /**
   * @returns `{ accessToken }` for valid credentials.
   * @throws DomainError 401 `INVALID_CREDENTIALS` (unknown user or wrong password; the failure is counted),
   *   423 `ACCOUNT_LOCKED` while the account is locked (even with the right password).
   */
  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.users.findOne({ where: { username } });
    if (!user) {
      await compare(password, DUMMY_HASH);
      throw this.invalid();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) throw this.locked(user.lockedUntil);
    if (!(await compare(password, user.passwordHash))) {
      const [row] = (await this.users.query(
        `UPDATE app_user SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING locked_until`,
        [user.id, this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCK_MINUTES],
      )) as [{ locked_until: Date | null }[], number];
      const lockedUntil = row[0]?.locked_until;
      if (lockedUntil && lockedUntil > new Date()) throw this.locked(lockedUntil);
      throw this.invalid();
    }
    await this.users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null });
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, staffRoles: user.staffRoles, orgId: user.orgId },
      { expiresIn: this.config.JWT_TTL_SECONDS },
    );
    return { accessToken };
  }

  private invalid() {
    return new DomainError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', '用户名或密码错误');
  }

  private locked(until: Date) {
    const at = until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    return new DomainError(HttpStatus.LOCKED, 'ACCOUNT_LOCKED', `登录失败次数过多,账户已锁定至 ${at}(北京时间)`);
  }
}
