import { HttpStatus } from '@nestjs/common';
import * as argon2 from 'argon2';
import { compare as bcryptCompare } from 'bcryptjs';
import { PasswordContext, passwordProblem } from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';

/**
 * argon2id parameters: OWASP Password Storage Cheat Sheet's first recommendation (19 MiB, 2 passes, 1 lane).
 * Hashes made with other parameters are re-hashed at the next successful login.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (`argon2`, maintained, prebuilt); the whole password counts (no 72-byte cut). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash: argon2id, or a legacy bcrypt hash (`$2…`, `bcryptjs`) of accounts
 * created before issue 11. `rehash` says the caller should store `hashPassword(password)` (legacy bcrypt or
 * outdated argon2 parameters). With `hash` null (unknown user) a dummy hash is verified, so that both cases take
 * about the same time; the answer is then always false.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<{ ok: boolean; rehash: boolean }> {
  if (hash === null) {
    dummyHash ??= hashPassword('no account has this password, not even the dummy');
    await argon2.verify(await dummyHash, password);
    return { ok: false, rehash: false };
  }
  if (hash.startsWith('$argon2')) {
    const ok = await argon2.verify(hash, password);
    return { ok, rehash: ok && argon2.needsRehash(hash, ARGON2_OPTIONS) };
  }
  if (hash.startsWith('$2')) {
    const ok = await bcryptCompare(password, hash);
    return { ok, rehash: ok };
  }
  return { ok: false, rehash: false };
}

/**
 * Applies the password policy (`passwordProblem` of `@jiebang/contracts`, the one home of the rule) to a new
 * password.
 * @throws DomainError 400 with the problem's code (`PASSWORD_TOO_SHORT`, `PASSWORD_TOO_LONG`, `PASSWORD_BLANK`,
 *   `PASSWORD_BLOCKED`, `PASSWORD_CONTAINS_USERNAME`) and a message saying what to fix.
 */
export function assertAcceptablePassword(password: string, ctx: PasswordContext): void {
  const problem = passwordProblem(password, ctx);
  if (problem) throw new DomainError(HttpStatus.BAD_REQUEST, problem.code, problem.message, 'ASVS V2.1');
}
