import { HttpStatus } from '@nestjs/common';
import { CurrentUser, DealStatus, Role } from '@jiebang/contracts';
import { DEAL_RULES } from '@jiebang/policy';
import { DomainError } from '../common/domain-error';
import { allow, isDate, need, reasonMissing, rolesOf, toFen, transition, visible, type DealCtx } from './deal-common';
import { DealEntity } from './deal.entity';

const deal = (status: DealStatus, extra: Partial<DealEntity> = {}) =>
  Object.assign(new DealEntity(), { id: 'd1', status, posterOrgId: 'P', takerOrgId: 'T', ...extra });
const user = (role: Role, orgId: string | null) => ({ id: 'u', role, orgId }) as unknown as CurrentUser;
const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('did not throw');
};

describe('deal capacities and state lookups', () => {
  it('gives staff, the poster and the taker their roles and nobody else any', () => {
    expect(rolesOf(user(Role.Staff, null), deal(DealStatus.OnNotice))).toEqual(['staff']);
    expect(rolesOf(user(Role.Enterprise, 'P'), deal(DealStatus.OnNotice))).toEqual(['poster']);
    expect(rolesOf(user(Role.Enterprise, 'T'), deal(DealStatus.OnNotice))).toEqual(['taker']);
    expect(rolesOf(user(Role.Enterprise, 'X'), deal(DealStatus.OnNotice))).toEqual([]);
  });

  it('refuses the wrong capacity with 403 NOT_A_PARTY', () => {
    const c: DealCtx = { deal: deal(DealStatus.InProgress), roles: ['poster'] };
    expect(() => need(c, 'poster', '登记')).not.toThrow();
    const e = thrown(() => need(c, 'staff', '登记签约'));
    expect(e).toMatchObject({
      code: 'NOT_A_PARTY',
      status: HttpStatus.FORBIDDEN,
      message: '只有科技厅工作人员可以登记签约',
    });
  });

  it('shows a deal on notice to anyone, others only to parties and staff (404)', () => {
    const outsider = (s: DealStatus): DealCtx => ({ deal: deal(s), roles: [] });
    expect(() => visible(outsider(DealStatus.Frozen), true)).not.toThrow();
    expect(thrown(() => visible(outsider(DealStatus.Frozen)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(thrown(() => visible(outsider(DealStatus.InProgress), true))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds a move in the table or refuses it with 409 ILLEGAL_TRANSITION, the state and the article', () => {
    expect(transition(deal(DealStatus.AwaitingSigning), 'sign', '登记签约').to).toBe(DealStatus.InProgress);
    expect(thrown(() => transition(deal(DealStatus.InProgress), 'openNotice', '开启公示'))).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      status: HttpStatus.CONFLICT,
      rule: DEAL_RULES.notice,
      message: '项目当前状态为“实施中”,不能开启公示',
    });
    expect(() => allow(deal(DealStatus.Accepted), 'recordInstallment', '登记拨付资金')).not.toThrow();
    expect(thrown(() => allow(deal(DealStatus.Accepted), 'submitMilestone', '提交'))).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      rule: DEAL_RULES.milestone,
    });
  });

  it('reads yuan into fen and refuses what is not an amount with 400 INVALID_AMOUNT', () => {
    expect(toFen('1234.56')).toBe(123456n);
    expect(thrown(() => toFen('12.345'))).toMatchObject({ code: 'INVALID_AMOUNT', status: HttpStatus.BAD_REQUEST });
    expect(thrown(() => toFen('-1'))).toMatchObject({ code: 'INVALID_AMOUNT' });
  });

  it('accepts real calendar dates only', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-13-01')).toBe(false);
    expect(isDate('2026-2-1')).toBe(false);
  });

  it('requires a reason to send something back, not to approve it', () => {
    expect(reasonMissing('reject', '  ', 'reject')).toBe(true);
    expect(reasonMissing('reject', '凭证金额不符', 'reject')).toBe(false);
    expect(reasonMissing('confirm', undefined, 'reject')).toBe(false);
  });
});
