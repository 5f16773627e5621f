import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  authorityRegionScope,
  AUTHORITY_CODES,
  can,
  Capability,
  CreateUserDto,
  CurrentUser,
  ExpertProfileInputDto,
  OneTimePasswordDto,
  passwordProblem,
  Role,
  StaffRole,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
} from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { SessionRevokedReason } from '../auth/session.entity';
import { ORG_ADMIN_SQL, SessionsRevoked, SessionsService } from '../auth/sessions.service';
import { UserEntity } from '../auth/user.entity';
import { DomainError, NotFoundError } from '../common/domain-error';
import { ExpertProfileEntity } from '../experts/expert-profile.entity';

/** Characters of one-time passwords: no look-alikes (0/O, 1/l/I). */
const OTP_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A one-time password: four groups of four characters from `OTP_ALPHABET` (about 94 bits), e.g. `k7Qm-2hPx-…`,
 * that passes the password policy (it is replaced at the first login anyway).
 */
export function oneTimePassword(username: string): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]).join(''),
    );
    const pw = groups.join('-');
    if (!passwordProblem(pw, { username })) return pw;
  }
}

/** Row of the account list query. */
interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  staff_roles: StaffRole[];
  org_id: string | null;
  org_name: string | null;
  authority: string | null;
  org_admin: boolean;
  disabled_at: Date | null;
  must_change_password: boolean;
  totp_enabled_at: Date | null;
  created_at: Date;
  email: string | null;
  phone: string | null;
  total?: string;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.staff_roles, u.org_id, o.name AS org_name,
    u.authority, ${ORG_ADMIN_SQL} AS org_admin, u.disabled_at, u.must_change_password, u.totp_enabled_at,
    u.created_at, u.email, u.phone`;

function toDto(r: UserRow): UserDto {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    staffRoles: r.staff_roles,
    orgId: r.org_id,
    orgName: r.org_name,
    authority: r.authority,
    orgAdmin: r.org_admin,
    disabled: r.disabled_at !== null,
    mustChangePassword: r.must_change_password,
    totpEnabled: r.totp_enabled_at !== null,
    createdAt: r.created_at.toISOString(),
    email: r.email,
    phone: r.phone,
  };
}

/** Whom a caller administers: everyone (staff holding `ManageUsers`) or its own organisation's users. */
type Scope = { all: true } | { all: false; orgId: string };

/**
 * Account administration (issue 13 item 1): staff administrators (`Capability.ManageUsers`) list, create, edit,
 * disable and enable accounts and reset passwords; an organisation's first user does the same for its own
 * colleagues. New accounts and resets get a one-time password, returned once, that must be replaced at the first
 * login (`mustChangePassword`). Disabling and resetting revoke the user's sessions at once (its sockets are
 * disconnected through `SessionsService.notify`). Every change is audited (entity `user`).
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Whom `caller` administers.
   * @throws DomainError 403 `FORBIDDEN` for anyone but staff administrators and organisations' first users.
   */
  scopeOf(caller: CurrentUser): Scope {
    if (can(caller, Capability.ManageUsers)) return { all: true };
    if (caller.orgAdmin && caller.orgId && (caller.role === Role.Institute || caller.role === Role.Enterprise)) {
      return { all: false, orgId: caller.orgId };
    }
    throw new DomainError(HttpStatus.FORBIDDEN, 'FORBIDDEN', '只有管理员或本单位的首个账号可以管理账号');
  }

  /** A page of accounts in the caller's scope, newest first, filtered by role, sub-role, organisation, … */
  async list(caller: CurrentUser, q: UserQueryDto): Promise<UserPageDto> {
    const scope = this.scopeOf(caller);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, v: unknown) => {
      params.push(v);
      where.push(sql(`$${params.length}`));
    };
    if (!scope.all) add((n) => `u.org_id = ${n}`, scope.orgId);
    if (q.role) add((n) => `u.role = ${n}`, q.role);
    if (q.staffRole) add((n) => `${n} = ANY(u.staff_roles)`, q.staffRole);
    if (q.orgId) add((n) => `u.org_id = ${n}`, q.orgId);
    if (q.disabled) where.push(q.disabled === 'true' ? 'u.disabled_at IS NOT NULL' : 'u.disabled_at IS NULL');
    if (q.q) add((n) => `(u.username ILIKE ${n} OR u.display_name ILIKE ${n})`, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
    if (q.authority) {
      // The authority's recommenders, and the users of organisations in its region.
      const region = authorityRegionScope(q.authority);
      params.push(q.authority);
      const a = `$${params.length}`;
      if (region) {
        params.push(`${region.prefix}%`, region.exclude);
        const [p, e] = [`$${params.length - 1}`, `$${params.length}`];
        where.push(`(u.authority = ${a} OR (o.region_code LIKE ${p} AND NOT (o.region_code = ANY(${e}::text[]))))`);
      } else {
        where.push(`u.authority = ${a}`);
      }
    }
    params.push(pageSize, (page - 1) * pageSize);
    const rows = (await this.db.query(
      `${USER_SELECT}, count(*) OVER () AS total
       FROM app_user u LEFT JOIN organization o ON o.id = u.org_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY u.created_at DESC, u.id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as UserRow[];
    return { items: rows.map(toDto), total: Number(rows[0]?.total ?? 0), page, pageSize };
  }

  /** One account in the caller's scope, or 404 `NOT_FOUND`. */
  async get(caller: CurrentUser, id: string, em: EntityManager = this.db.manager): Promise<UserDto> {
    const scope = this.scopeOf(caller);
    const [row] = (await em.query(
      `${USER_SELECT} FROM app_user u LEFT JOIN organization o ON o.id = u.org_id WHERE u.id = $1`,
      [id],
    )) as UserRow[];
    if (!row || (!scope.all && row.org_id !== scope.orgId)) throw new NotFoundError('账号', id);
    return toDto(row);
  }

  /**
   * Creates an account with a one-time password (returned once). Staff administrators choose the role:
   * staff need sub-roles (a `recommender` alone, with an `authority` of `AUTHORITIES`), organisation users an
   * organisation, experts optionally an affiliation and a profile. An organisation's first user creates a
   * colleague of its own organisation and role.
   * @throws DomainError 403 `FORBIDDEN`; 409 `USERNAME_TAKEN`; 422 `USER_ROLE_INVALID` (sub-roles, organisation
   *   or authority not fitting the role), `AUTHORITY_UNKNOWN`; 404 `NOT_FOUND` for an unknown organisation.
   */
  async create(caller: CurrentUser, dto: CreateUserDto): Promise<OneTimePasswordDto> {
    const scope = this.scopeOf(caller);
    const spec = scope.all
      ? this.checkedSpec(dto.role, dto.staffRoles ?? [], dto.orgId ?? null, dto.authority ?? null)
      : { role: caller.role, staffRoles: [] as StaffRole[], orgId: scope.orgId, authority: null };
    const otp = oneTimePassword(dto.username);
    const passwordHash = await hashPassword(otp);
    const id = await this.db.transaction(async (em) => {
      if (await em.getRepository(UserEntity).exists({ where: { username: dto.username } })) {
        throw new DomainError(HttpStatus.CONFLICT, 'USERNAME_TAKEN', '该用户名已被使用,请换一个');
      }
      if (spec.orgId) await this.assertOrgExists(em, spec.orgId);
      const saved = await em.getRepository(UserEntity).save(
        em.getRepository(UserEntity).create({
          username: dto.username,
          displayName: dto.displayName.trim(),
          passwordHash,
          role: spec.role,
          staffRoles: spec.staffRoles,
          orgId: spec.orgId,
          authority: spec.authority,
          mustChangePassword: true,
          email: scope.all ? dto.email?.trim() || null : null,
          phone: scope.all ? dto.phone || null : null,
        }),
      );
      if (spec.role === Role.Expert) await this.saveProfile(em, saved.id, scope.all ? dto.expert : undefined);
      await this.audit.append(em, {
        entityType: 'user',
        entityId: saved.id,
        action: 'user_created',
        actorUserId: caller.id,
        data: {
          username: dto.username,
          role: spec.role,
          staffRoles: spec.staffRoles,
          orgId: spec.orgId,
          authority: spec.authority,
        },
      });
      return saved.id;
    });
    return { user: await this.get(caller, id), oneTimePassword: otp };
  }

  /**
   * Edits an account: its name (both scopes); sub-roles, authority, expert profile and the notification e-mail
   * address and mobile number (staff administrators).
   * A change of sub-roles or authority revokes the user's sessions (it logs in again under its new rights).
   * @throws DomainError 404; 403 `FORBIDDEN` (an organisation's first user changing more than a name); 409
   *   `CANNOT_CHANGE_SELF` (an administrator changing its own sub-roles); 422 `USER_ROLE_INVALID` /
   *   `AUTHORITY_UNKNOWN`.
   */
  async update(caller: CurrentUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const scope = this.scopeOf(caller);
    const rightsChange = dto.staffRoles !== undefined || dto.authority !== undefined;
    const contactChange = dto.email !== undefined || dto.phone !== undefined;
    if (!scope.all && (rightsChange || dto.expert || contactChange)) {
      throw new DomainError(HttpStatus.FORBIDDEN, 'FORBIDDEN', '只能修改同事的姓名');
    }
    if (rightsChange && id === caller.id) {
      throw new DomainError(HttpStatus.CONFLICT, 'CANNOT_CHANGE_SELF', '不能修改自己的角色,请由另一位管理员操作');
    }
    let revoked: SessionsRevoked | null = null;
    await this.db.transaction(async (em) => {
      const before = await this.get(caller, id, em);
      const patch: Partial<UserEntity> = {};
      if (dto.displayName !== undefined) patch.displayName = dto.displayName.trim();
      // Notification contacts (issue 14 item 2); users change their own at /notifications/preferences.
      if (dto.email !== undefined) patch.email = dto.email?.trim() || null;
      if (dto.phone !== undefined) patch.phone = dto.phone || null;
      if (rightsChange) {
        const spec = this.checkedSpec(
          before.role,
          dto.staffRoles ?? before.staffRoles,
          before.orgId,
          dto.authority !== undefined ? dto.authority || null : before.authority,
        );
        patch.staffRoles = spec.staffRoles;
        patch.authority = spec.authority;
      }
      if (Object.keys(patch).length) await em.getRepository(UserEntity).update({ id }, patch);
      if (dto.expert) {
        if (before.role !== Role.Expert) {
          throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'USER_ROLE_INVALID', '只有专家账号有专家资料');
        }
        await this.saveProfile(em, id, dto.expert);
      }
      let sessionIds: string[] = [];
      if (rightsChange) sessionIds = await this.sessions.revokeAllForUser(id, 'admin', em);
      await this.audit.append(em, {
        entityType: 'user',
        entityId: id,
        action: 'user_updated',
        actorUserId: caller.id,
        data: {
          ...dto,
          ...(rightsChange ? { before: { staffRoles: before.staffRoles, authority: before.authority } } : {}),
        } as Record<string, unknown>,
      });
      if (sessionIds.length) revoked = { userId: id, sessionIds, reason: 'admin' };
    });
    if (revoked) this.sessions.notify(revoked);
    return this.get(caller, id);
  }

  /**
   * Disables (every session revoked at once, sockets disconnected; login refused with 403 `ACCOUNT_DISABLED`)
   * or enables an account. Idempotent.
   * @throws DomainError 404; 409 `CANNOT_CHANGE_SELF` for one's own account.
   */
  async setDisabled(caller: CurrentUser, id: string, disabled: boolean): Promise<UserDto> {
    this.scopeOf(caller);
    if (id === caller.id) {
      throw new DomainError(HttpStatus.CONFLICT, 'CANNOT_CHANGE_SELF', '不能停用自己的账号');
    }
    return this.changeAndRevoke(
      caller,
      id,
      disabled ? 'user_disabled' : 'user_enabled',
      disabled ? 'disabled' : null,
      async (em) => {
        await em
          .getRepository(UserEntity)
          .createQueryBuilder()
          .update()
          .set({ disabledAt: disabled ? () => 'COALESCE(disabled_at, now())' : null })
          .where('id = :id', { id })
          .execute();
        return {};
      },
    ).then((r) => r.user);
  }

  /**
   * Gives the account a new one-time password (returned once; the old password stops working) and revokes its
   * sessions; the user must set its own password at the next login.
   * @throws DomainError 404; 409 `CANNOT_CHANGE_SELF` (change your own password instead).
   */
  async resetPassword(caller: CurrentUser, id: string): Promise<OneTimePasswordDto> {
    this.scopeOf(caller);
    if (id === caller.id) {
      throw new DomainError(HttpStatus.CONFLICT, 'CANNOT_CHANGE_SELF', '请在"修改密码"页修改自己的密码');
    }
    const target = await this.get(caller, id);
    const otp = oneTimePassword(target.username);
    const passwordHash = await hashPassword(otp);
    const r = await this.changeAndRevoke(caller, id, 'password_reset', 'admin', async (em) => {
      await em
        .getRepository(UserEntity)
        .update({ id }, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() });
      return {};
    });
    return { user: r.user, oneTimePassword: otp };
  }

  /** Runs `change` with the audit record and (for a non-null `reason`) the revocation in one transaction. */
  private async changeAndRevoke(
    caller: CurrentUser,
    id: string,
    action: string,
    reason: SessionRevokedReason | null,
    change: (em: EntityManager) => Promise<Record<string, unknown>>,
  ): Promise<{ user: UserDto }> {
    let revoked: SessionsRevoked | null = null;
    await this.db.transaction(async (em) => {
      await this.get(caller, id, em);
      const data = await change(em);
      const sessionIds = reason ? await this.sessions.revokeAllForUser(id, reason, em) : [];
      await this.audit.append(em, {
        entityType: 'user',
        entityId: id,
        action,
        actorUserId: caller.id,
        data: { ...data, revokedSessions: sessionIds.length },
      });
      if (reason && sessionIds.length) revoked = { userId: id, sessionIds, reason };
    });
    if (revoked) this.sessions.notify(revoked);
    return { user: await this.get(caller, id) };
  }

  /** Role, sub-roles, organisation and authority that fit together, or 422. */
  private checkedSpec(
    role: Role | undefined,
    staffRoles: StaffRole[],
    orgId: string | null,
    authority: string | null,
  ): { role: Role; staffRoles: StaffRole[]; orgId: string | null; authority: string | null } {
    const refuse = (message: string) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'USER_ROLE_INVALID', message);
    if (!role) throw refuse('请选择角色');
    const roles = [...new Set(staffRoles)];
    if (role !== Role.Staff) {
      if (roles.length) throw refuse('只有科技厅工作人员有工作人员角色');
      if (authority) throw refuse('只有推荐部门账号有所属推荐部门');
      if ((role === Role.Institute || role === Role.Enterprise) && !orgId) throw refuse('单位账号须选择所属单位');
      return { role, staffRoles: [], orgId, authority: null };
    }
    if (orgId) throw refuse('科技厅工作人员账号不属于单位');
    if (!roles.length) throw refuse('请至少选择一个工作人员角色');
    if (roles.includes(StaffRole.Recommender)) {
      if (roles.length > 1) throw refuse('推荐部门角色不能与其他角色同时授予');
      if (!authority || !AUTHORITY_CODES.includes(authority)) {
        throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'AUTHORITY_UNKNOWN', '请从名单中选择推荐部门');
      }
      return { role, staffRoles: roles, orgId: null, authority };
    }
    if (authority) throw refuse('只有推荐部门账号有所属推荐部门');
    return { role, staffRoles: roles, orgId: null, authority: null };
  }

  private async assertOrgExists(em: EntityManager, orgId: string): Promise<void> {
    const [row] = (await em.query('SELECT 1 FROM organization WHERE id = $1', [orgId])) as unknown[];
    if (!row) throw new NotFoundError('单位', orgId);
  }

  /** Creates or updates an expert's profile with the given properties. */
  private async saveProfile(em: EntityManager, userId: string, p: ExpertProfileInputDto | undefined): Promise<void> {
    const repo = em.getRepository(ExpertProfileEntity);
    const current = (await repo.findOne({ where: { userId } })) ?? repo.create({ userId });
    await repo.save({
      ...current,
      fields: p?.fields ?? current.fields ?? [],
      otherFields: p?.otherFields ?? current.otherFields ?? [],
      title: p?.title !== undefined ? p.title || null : (current.title ?? null),
      specialities: p?.specialities ?? current.specialities ?? [],
      phone: p?.phone !== undefined ? p.phone || null : (current.phone ?? null),
      email: p?.email !== undefined ? p.email || null : (current.email ?? null),
      available: p?.available ?? current.available ?? true,
    });
  }
}
