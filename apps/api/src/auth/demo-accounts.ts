import { DataSource } from 'typeorm';
import { Field, Role, StaffRole } from '@jiebang/contracts';
import { OrganizationEntity } from '../organizations/organization.entity';
import { DEMO_ACCOUNT_PASSWORD } from '@jiebang/contracts';
import { DEMO_TOTP_SECRETS } from './demo-totp';
import { hashPassword } from './passwords';
import { TotpService } from './totp.service';
import { ExpertProfileEntity } from '../experts/expert-profile.entity';
import { UserEntity } from './user.entity';

/**
 * The password of every demo account (README "Demo accounts"). Never used outside `SEED_DEMO=true`; the password
 * policy refuses it as a new password outside demo mode.
 */
export const DEMO_PASSWORD = DEMO_ACCOUNT_PASSWORD;

export { DEMO_TOTP_SECRETS };

/** One demo account per role; organisation users belong to real organisations of the demo data. */
export const DEMO_ACCOUNTS: {
  username: string;
  displayName: string;
  role: Role;
  staffRoles: StaffRole[];
  orgName?: string;
}[] = [
  { username: 'staff.admin', displayName: '科技厅管理员', role: Role.Staff, staffRoles: [StaffRole.Admin] },
  { username: 'staff.broker', displayName: '科技厅对接专员', role: Role.Staff, staffRoles: [StaffRole.Broker] },
  { username: 'staff.approver', displayName: '科技厅审批人', role: Role.Staff, staffRoles: [StaffRole.Approver] },
  { username: 'expert.demo', displayName: '评审专家', role: Role.Expert, staffRoles: [] },
  {
    username: 'enterprise.demo',
    displayName: '包钢集团联系人',
    role: Role.Enterprise,
    staffRoles: [],
    orgName: '包头钢铁(集团)有限责任公司',
  },
  {
    username: 'institute.demo',
    displayName: '包头稀土研究院联系人',
    role: Role.Institute,
    staffRoles: [],
    orgName: '包头稀土研究院',
  },
  {
    username: 'university.demo',
    displayName: '内蒙古科技大学联系人',
    role: Role.Institute,
    staffRoles: [],
    orgName: '内蒙古科技大学',
  },
];

/**
 * The example e-mail address of a demo account (`enterprise.demo@example.org`, `staff.approver.demo@example.org`):
 * `example.org` is reserved (RFC 2606), so a configured SMTP server never reaches a real person.
 */
export function demoEmail(username: string): string {
  return `${username.endsWith('.demo') ? username : `${username}.demo`}@example.org`;
}

/**
 * Creates the demo accounts when there is no account at all; returns how many were created. The approver and
 * admin get their `DEMO_TOTP_SECRETS` as a confirmed second factor (encrypted by `totp`); the expert gets a
 * profile in the expert pool.
 */
export async function seedDemoAccounts(db: DataSource, totp: TotpService): Promise<number> {
  const users = db.getRepository(UserEntity);
  if ((await users.count()) > 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    const org = a.orgName ? await db.getRepository(OrganizationEntity).findOne({ where: { name: a.orgName } }) : null;
    await users.save(
      users.create({
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        staffRoles: a.staffRoles,
        orgId: org?.id ?? null,
        email: demoEmail(a.username),
        passwordHash,
        ...(DEMO_TOTP_SECRETS[a.username]
          ? { totpSecretEnc: totp.encrypt(DEMO_TOTP_SECRETS[a.username]), totpEnabledAt: new Date() }
          : {}),
      }),
    );
  }
  const expert = await users.findOne({ where: { username: 'expert.demo' } });
  if (expert) await db.getRepository(ExpertProfileEntity).save(DEMO_EXPERT_PROFILE(expert.id));
  return DEMO_ACCOUNTS.length;
}

/** The expert pool profile of the demo expert (`expert.demo`). */
const DEMO_EXPERT_PROFILE = (userId: string): Partial<ExpertProfileEntity> => ({
  userId,
  fields: [Field.Graphene, Field.EnergyStorage],
  otherFields: ['新材料'],
  title: '教授级高级工程师',
  specialities: ['石墨烯导电浆料', '储能电池材料'],
  available: true,
});
