import { ERROR_MESSAGES, ErrorCode, isErrorCode } from './errors';

describe('ErrorCode', () => {
  it('each code is its own name and has a plain-Chinese message', () => {
    for (const [name, code] of Object.entries(ErrorCode)) {
      expect(code).toBe(name);
      expect(ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('keeps the codes the tests and the web rely on', () => {
    for (const c of ['VALIDATION_FAILED', 'NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED', 'TOTP_REQUIRED', 'INELIGIBLE']) {
      expect(isErrorCode(c)).toBe(true);
    }
  });

  it('isErrorCode refuses anything else', () => {
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
