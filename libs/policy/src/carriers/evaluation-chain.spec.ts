import { CarrierStatus, EvaluationGrade } from '@jiebang/contracts';
import { nextCarrierStatusAfterEvaluation } from './lifecycle';

describe('evaluation chain: 不合格 → 整改 → 不合格 again → 撤销 (001 §16, §18(一); 003 §34)', () => {
  it('runs the whole chain from 运行', () => {
    const first = nextCarrierStatusAfterEvaluation(CarrierStatus.Operating, EvaluationGrade.Unqualified);
    expect(first).toMatchObject({ status: CarrierStatus.Rectifying, revoked: false });
    const second = nextCarrierStatusAfterEvaluation(first.status, EvaluationGrade.Unqualified);
    expect(second).toMatchObject({ status: CarrierStatus.Revoked, revoked: true });
    expect(second.rule).toContain('§18(一)');
  });

  it('整改 followed by 合格 returns to 运行; 优秀 keeps 运行', () => {
    expect(nextCarrierStatusAfterEvaluation(CarrierStatus.Rectifying, EvaluationGrade.Qualified).status).toBe(
      CarrierStatus.Operating,
    );
    expect(nextCarrierStatusAfterEvaluation(CarrierStatus.Operating, EvaluationGrade.Excellent).status).toBe(
      CarrierStatus.Operating,
    );
  });

  it('rectifiedBefore revokes on 不合格 even when the status was already restored', () => {
    expect(
      nextCarrierStatusAfterEvaluation(CarrierStatus.Operating, EvaluationGrade.Unqualified, { rectifiedBefore: true })
        .status,
    ).toBe(CarrierStatus.Revoked);
  });

  it('a 筹建 centre passing its 考核 is established (003 §21); a revoked carrier is not evaluated', () => {
    expect(nextCarrierStatusAfterEvaluation(CarrierStatus.Preparing, EvaluationGrade.Qualified)).toMatchObject({
      status: CarrierStatus.Operating,
      rule: '003 §21',
    });
    expect(() => nextCarrierStatusAfterEvaluation(CarrierStatus.Revoked, EvaluationGrade.Excellent)).toThrow(
      expect.objectContaining({ code: 'CARRIER_REVOKED' }),
    );
  });
});
