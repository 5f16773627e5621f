import { BLOCK_CODES, RULES, WARNING_CODES, isBlockCode, isWarningCode } from './rules';

describe('RULES catalogue', () => {
  it('has one entry per block and warning code, keyed by its own code, with a Chinese title', () => {
    expect(Object.keys(RULES).sort()).toEqual([...BLOCK_CODES, ...WARNING_CODES].sort());
    for (const [key, ref] of Object.entries(RULES)) {
      expect(ref.code).toBe(key);
      expect(ref.rule).toMatch(/^(004 §\d|RULEBOOK §\d)/);
      expect(ref.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('cites the seed articles of 004', () => {
    expect(RULES.SAME_ENTITY.rule).toBe('004 §4(一), §4(二), §6, §8');
    expect(RULES.SUBSIDIARY_OF_POSTER.rule).toBe('004 §4(一), §4(二), §6, §8');
    expect(RULES.CONTROLLER_OF_POSTER.rule).toBe('RULEBOOK §6 (beyond 004 §6, §8)');
    expect(RULES.COMMON_CONTROLLER.rule).toBe('RULEBOOK §6 (beyond 004 §6, §8)');
    expect(RULES.TAKER_NOT_IN_REGION.rule).toBe('004 §4(二), §8');
    expect(RULES.TAKER_NOT_ENTERPRISE.rule).toBe('004 §4(二), §8');
    expect(RULES.POSTER_NOT_ELIGIBLE.rule).toBe('004 §5');
    expect(RULES.NOT_INDEPENDENT_LEGAL_PERSON.rule).toBe('004 §4(二), §5, §8');
    expect(RULES.CREDIT_BLACKLISTED.rule).toBe('004 §14');
    expect(RULES.ORG_NOT_VERIFIED.rule).toBe('RULEBOOK §1 (staff verification)');
    expect(RULES.SHARED_LEGAL_REPRESENTATIVE.rule).toBe('RULEBOOK §6');
    expect(RULES.SHARED_CONTACT.rule).toBe('RULEBOOK §6');
    expect(RULES.USCC_REGION_MISMATCH.rule).toBe('RULEBOOK §8');
  });

  it('tells blocks from warnings', () => {
    expect(isBlockCode('SAME_ENTITY')).toBe(true);
    expect(isBlockCode('SHARED_CONTACT')).toBe(false);
    expect(isWarningCode('SHARED_CONTACT')).toBe(true);
    expect(isWarningCode('NOPE')).toBe(false);
  });
});
