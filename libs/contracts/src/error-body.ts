import type { ApiErrorBody } from './errors';

/**
 * The error body of every 4xx answer of the API as an OpenAPI schema (`ErrorBodyDto` in `/api/docs-json`, referenced
 * by each operation's 400/401/403/404/409/422 responses): `{ statusCode, code, message, rule?, details?,
 * correlationId? }`. Same shape as `ApiErrorBody`, which the code keeps using.
 */
export class ErrorBodyDto implements ApiErrorBody {
  /** The HTTP status, repeated in the body. */
  statusCode!: number;
  /** Machine-readable code (e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `USCC_CHECKSUM`). */
  code!: string;
  /** Plain Chinese: what went wrong and what to fix. */
  message!: string;
  /** The RULEBOOK/seed article a policy rule was broken against (e.g. `004 §8`). */
  rule?: string;
  /** Machine-readable particulars: an object or a list (e.g. `[{ property }]` of `INVALID_CHARACTERS`). */
  details?: unknown;
  /** The request's correlation id, also in the logs. */
  correlationId?: string;
}
