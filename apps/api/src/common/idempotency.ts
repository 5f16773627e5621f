import { HttpStatus } from '@nestjs/common';
import { canonicalJson } from '../audit/audit.service';
import { DomainError } from './domain-error';

/**
 * The normalised content of a keyed money write: what a retry must repeat exactly. Amounts in fen as integer
 * strings, dates `YYYY-MM-DD`, ids, trimmed text (`null` for empty), the acting user's id. Built by the caller
 * from the request and, identically, from the stored row.
 */
export interface IdempotentContent {
  [field: string]: string | number | boolean | null | IdempotentContent;
}

/**
 * The one home of the idempotency-key rule of money writes (issue 11 item 4; RULEBOOK §5): a client-generated
 * key names one write.
 *
 * - No earlier write under the key (`stored === null`) → `false`: the caller performs the write.
 * - An earlier write with the same normalised content → `true`: the caller returns the original result and
 *   writes nothing (a replay).
 * - An earlier write with different content → throws `DomainError` 409 `IDEMPOTENCY_KEY_REUSED` with the
 *   differing fields in `details.fields`; the caller's transaction rolls back, nothing is written.
 *
 * Content is compared as canonical JSON (key order does not matter). Callers look the key up inside the
 * transaction that holds the deal's row lock, so two concurrent requests with one key are serialised: the
 * second sees the first's row and replays (or gets 409), never a second write or a 500.
 *
 * @param what the kind of write in plain Chinese (`拨付记录`, `补助方案`…), for the message.
 */
export function replayOf(stored: IdempotentContent | null, incoming: IdempotentContent, what: string): boolean {
  if (stored === null) return false;
  if (canonicalJson(stored) === canonicalJson(incoming)) return true;
  const fields = [...new Set([...Object.keys(stored), ...Object.keys(incoming)])]
    .filter((k) => canonicalJson(stored[k] ?? null) !== canonicalJson(incoming[k] ?? null))
    .sort();
  throw new DomainError(
    HttpStatus.CONFLICT,
    'IDEMPOTENCY_KEY_REUSED',
    `该幂等键已用于另一笔内容不同的${what},本次未作任何记录;如需新提交,请关闭表单后重新填写(将生成新的幂等键)`,
    undefined,
    { fields },
  );
}

/** Trimmed text, `null` when empty or absent (how the money writes store free text). */
export function normalText(s: string | null | undefined): string | null {
  return s?.trim() || null;
}
