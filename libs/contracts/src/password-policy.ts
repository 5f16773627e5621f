import { registerDecorator, ValidationOptions } from 'class-validator';
import COMMON_PASSWORDS from './data/common-passwords.json';

/**
 * The platform's password policy, in the spirit of OWASP ASVS 4 V2.1 — the one home of the rule, used by the API
 * (registration DTO, `POST /api/v1/auth/change-password`) and by the web's forms alike:
 * - at least `PASSWORD_MIN_LENGTH` (12) and at most `PASSWORD_MAX_LENGTH` (128) characters, counted as Unicode code
 *   points (V2.1.1, V2.1.2); every character is allowed, spaces included, and nothing is truncated (V2.1.3: the API
 *   hashes with argon2id, which has no 72-byte limit);
 * - not only whitespace;
 * - not in the block list of common and leaked passwords (`data/common-passwords.json`, V2.1.7), compared
 *   case-insensitively after Unicode NFKC normalisation; nor the demo password `Jiebang@2026` outside demo mode;
 * - not containing the username (case-insensitive, usernames of 3+ characters).
 * No composition rules (V2.1.9).
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Upper bound, code points (ASVS V2.1.2 asks for at least 64 to be allowed). */
export const PASSWORD_MAX_LENGTH = 128;
/** The password of the demo accounts (README "Demo accounts"); refused as a new password outside demo mode. */
export const DEMO_ACCOUNT_PASSWORD = 'Jiebang@2026';

/** Machine-readable reasons a password is refused (the `code` of the API's 400). */
export type PasswordProblemCode =
  'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_BLANK' | 'PASSWORD_BLOCKED' | 'PASSWORD_CONTAINS_USERNAME';

/** A refusal: its code and a plain-Chinese message saying what to fix. */
export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
}

/** What the check may know besides the password. */
export interface PasswordContext {
  /** The account's username (the password may not contain it). */
  username?: string;
  /** `true` in demo mode (`SEED_DEMO=true`): the demo password is then allowed. Default false. */
  demoMode?: boolean;
}

const normalise = (s: string) => s.normalize('NFKC').toLowerCase();
const BLOCKED = new Set((COMMON_PASSWORDS as { passwords: string[] }).passwords.map(normalise));

/** Length of `s` in Unicode code points (an emoji or a rare CJK character counts once). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/**
 * Checks a new password against the policy above.
 * @returns the first problem found, or null when the password is acceptable.
 */
export function passwordProblem(password: string, ctx: PasswordContext = {}): PasswordProblem | null {
  const length = codePointLength(password);
  if (password.trim() === '') return { code: 'PASSWORD_BLANK', message: '密码不能为空或只由空格组成' };
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      code: 'PASSWORD_TOO_SHORT',
      message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符(现为 ${length} 个);建议用几个词组成的短句`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { code: 'PASSWORD_TOO_LONG', message: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符(现为 ${length} 个)` };
  }
  const n = normalise(password);
  if (BLOCKED.has(n) || BLOCKED.has(n.trim()) || (!ctx.demoMode && n === normalise(DEMO_ACCOUNT_PASSWORD))) {
    return { code: 'PASSWORD_BLOCKED', message: '这个密码过于常见或已在泄露的密码库中出现,请换一个不易被猜到的密码' };
  }
  if (new Set(n).size < 3) {
    return { code: 'PASSWORD_BLOCKED', message: '密码几乎由同一个字符重复组成,请换一个不易被猜到的密码' };
  }
  const user = ctx.username ? normalise(ctx.username) : '';
  if (user.length >= 3 && n.includes(user)) {
    return { code: 'PASSWORD_CONTAINS_USERNAME', message: '密码不能包含用户名' };
  }
  return null;
}

/**
 * class-validator decorator: the property is a string that passes `passwordProblem` without context (length,
 * blank, block list; the username and demo-mode checks need the service). The message is the problem's message.
 */
export function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && passwordProblem(v) === null,
        defaultMessage: (a) =>
          typeof a?.value === 'string' ? (passwordProblem(a.value)?.message ?? '') : '密码应为字符串',
      },
    });
}
