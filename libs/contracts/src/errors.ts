/**
 * The body of every error response of the API:
 * `{ statusCode, code, message, rule?, details?, correlationId? }`.
 * `code` is machine-readable (e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `USCC_CHECKSUM`); `rule` names the
 * RULEBOOK/seed article where a policy rule was broken (e.g. `004 §8`).
 */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  rule?: string;
  details?: unknown;
  correlationId?: string;
}
