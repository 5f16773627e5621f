import { HttpStatus } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { compare as bcryptCompare } from 'bcryptjs';
import { argon2id, argon2Verify } from 'hash-wasm';
import { PasswordContext, passwordProblem } from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';

/**
 * argon2id parameters: OWASP Password Storage Cheat Sheet's first recommendation (19 MiB = 19,456 KiB, 2 passes,
 * 1 lane), a 16-byte salt and a 32-byte hash. Hashes made with other parameters are re-hashed at the next
 * successful login.
 */
export const ARGON2_OPTIONS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 } as const;

/**
 * Hashes a password with argon2id, as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`); the whole
 * password counts (no 72-byte cut). Computed by `hash-wasm` (maintained, WebAssembly): no native addon, so it
 * loads the same under Node and in jest's module registries (the prebuilt `argon2` addon crashed jest).
 */
export function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...ARGON2_OPTIONS, outputType: 'encoded' });
}

/** Whether an argon2id PHC string was made with other parameters than `ARGON2_OPTIONS` (then re-hash it). */
export function needsRehash(hash: string): boolean {
  const params = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  return (
    !params ||
    Number(params[1]) !== ARGON2_OPTIONS.memorySize ||
    Number(params[2]) !== ARGON2_OPTIONS.iterations ||
    Number(params[3]) !== ARGON2_OPTIONS.parallelism
  );
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
    await argon2Verify({ password, hash: await dummyHash });
    return { ok: false, rehash: false };
  }
  if (hash.startsWith('$argon2')) {
    const ok = await argon2Verify({ password, hash }).catch(() => false);
    return { ok, rehash: ok && needsRehash(hash) };
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
