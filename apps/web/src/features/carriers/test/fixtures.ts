/**
 * Fixtures of the carrier web tests: a signed-in user with overrides and a 考核申请 (`003 §20`) as the API answers it.
 */
import { Role, type CurrentUser } from '@jiebang/contracts';
import type { components } from '../../../../generated/openapi-schema';

/** A staff user without staff roles, with `over` applied (role, staffRoles, orgId, authority …). */
export const testUser = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 'u1',
  username: 'u',
  displayName: 'U',
  role: Role.Staff,
  staffRoles: [],
  orgId: null,
  ...over,
});

/** A 考核申请 of `carrierId` awaiting its 组织单位 (150200), no files, with `over` applied. */
export const establishmentRequest = (
  carrierId: string,
  over: Partial<components['schemas']['EstablishmentRequestDto']> = {},
): components['schemas']['EstablishmentRequestDto'] => ({
  id: 'er1',
  carrierId,
  summary: '筹建任务已全部完成,申请考核',
  status: 'submitted',
  statusLabel: '待组织单位审核',
  authority: '150200',
  submittedBy: 'h1',
  submittedAt: '2027-02-01T00:00:00.000Z',
  recommendedBy: null,
  recommendedAt: null,
  recommenderNote: null,
  rule: '003 §20',
  files: [],
  ...over,
});
