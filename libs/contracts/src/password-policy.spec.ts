import { codePointLength, DEMO_ACCOUNT_PASSWORD, passwordProblem } from './password-policy';

describe('password policy (ASVS V2.1)', () => {
  const code = (pw: string, ctx = {}) => passwordProblem(pw, ctx)?.code ?? null;

  it('counts Unicode code points, not UTF-16 units or bytes', () => {
    expect(codePointLength('𠀀𠀁𠀂')).toBe(3);
    expect(code('𠀀'.repeat(11))).toBe('PASSWORD_TOO_SHORT');
    expect(code('𠀀𠀁𠀂'.repeat(4))).toBeNull(); // 12 code points, 24 UTF-16 units
  });

  it('refuses short, blank, overlong, blocked and username-containing passwords', () => {
    expect(code(' '.repeat(20))).toBe('PASSWORD_BLANK');
    expect(code('abcdefghij1')).toBe('PASSWORD_TOO_SHORT');
    expect(code('a'.repeat(64) + 'b'.repeat(65))).toBe('PASSWORD_TOO_LONG');
    expect(code('QWERTYUIOP123')).toBe('PASSWORD_BLOCKED');
    expect(code('ｐａｓｓｗｏｒｄ１２３４')).toBe('PASSWORD_BLOCKED'); // full-width, NFKC-normalised
    expect(code('aaaaaaaaaaaaaaaa')).toBe('PASSWORD_BLOCKED');
    expect(code('hello alice.w there', { username: 'Alice.W' })).toBe('PASSWORD_CONTAINS_USERNAME');
  });

  it('refuses the demo password outside demo mode only', () => {
    expect(code(DEMO_ACCOUNT_PASSWORD)).toBe('PASSWORD_BLOCKED');
    expect(code(DEMO_ACCOUNT_PASSWORD, { demoMode: true })).toBeNull();
  });

  it('accepts a long passphrase with spaces and Chinese', () => {
    expect(code('草原上的 风 吹过 阴山')).toBeNull();
    expect(code('correct horse battery stapler')).toBeNull();
  });
});
