/**
 * The one error type of the web's API layer: every refused or failed call rejects with an `ApiError` that carries
 * the server's `ApiErrorBody` (`{ statusCode, code, message, rule?, details? }`, `ErrorBodyDto` in the contract) or
 * a synthesized one for network and parse failures. It is also structurally an `ApiErrorBody`, which is the error
 * type the generated client (`openapi-react-query`) declares, so `query.error.code` works either way.
 */
import type { ApiErrorBody } from '@jiebang/contracts';

/** An API call that failed; `body` is the server's error body (or a synthesized one). */
export class ApiError extends Error implements ApiErrorBody {
  /** HTTP status (0 when the request never got a response). */
  readonly status: number;
  /** Same as `status` (the body's name for it). */
  readonly statusCode: number;
  /** Machine-readable error code, e.g. `NOT_FOUND`, `VALIDATION_FAILED`, `NETWORK_ERROR`. */
  readonly code: string;
  /** The RULEBOOK / seed article the refusal cites, when it is a policy rule. */
  readonly rule?: string;
  /** Machine-readable particulars (e.g. the `VALIDATION_FAILED` field list). */
  readonly details?: unknown;
  /** The full error body. */
  readonly body: ApiErrorBody;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.statusCode = body.statusCode;
    this.code = body.code;
    this.rule = body.rule;
    this.details = body.details;
    this.body = body;
  }
}

/** True when `value` looks like an `ApiErrorBody`. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.statusCode === 'number' && typeof v.code === 'string' && typeof v.message === 'string';
}

/** The error of a request that never got an answer. */
export function networkError(message = '网络连接失败，请检查网络后重试'): ApiError {
  return new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message });
}

/** Anything thrown by a call (an `ApiError`, a bare error body, a `TypeError` of `fetch`…) as an `ApiError`. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isApiErrorBody(err)) return new ApiError(err);
  if (err instanceof TypeError) return networkError();
  const message = err instanceof Error && err.message ? err.message : '发生未知错误';
  return new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message });
}

/** True for an abort of a request (navigation away, a newer query): never shown to users. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Nest's default error shape uses `message: string | string[]`; normalise it to one string. */
function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = (value as Record<string, unknown>).message;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.map(String).join('；');
  return undefined;
}

/** Error codes synthesised for statuses whose body is not an `ApiErrorBody`. */
const STATUS_CODES: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** Fallback message of an error status whose body is not an `ApiErrorBody`. */
function statusMessage(status: number): string {
  if (status === 401) return '登录已过期或尚未登录，请重新登录';
  if (status === 403) return '无权访问';
  return `服务暂时不可用(HTTP ${status})，请稍后重试`;
}

/** The `ApiError` of an error response (its body is read from a copy, so the response stays readable). */
export async function errorOfResponse(res: Response): Promise<ApiError> {
  let payload: unknown = undefined;
  try {
    const text = await res.clone().text();
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (isApiErrorBody(payload)) return new ApiError(payload);
  return new ApiError({
    statusCode: res.status,
    code: STATUS_CODES[res.status] ?? 'HTTP_ERROR',
    message: messageOf(payload) ?? statusMessage(res.status),
  });
}
