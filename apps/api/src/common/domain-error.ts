import { HttpStatus } from '@nestjs/common';
import type { ApiErrorBody, ErrorCode } from '@jiebang/contracts';

/**
 * A refusal the platform owes the user an explanation for: an HTTP status, a machine-readable `code`, the
 * rule it enforces (`rule`, e.g. `004 §8`) and optional `details`. Rendered by `GlobalExceptionFilter` as
 * `ApiErrorBody` (ARCHITECTURE practice 8). `code` is one of `ErrorCode` of `@jiebang/contracts` (a new code is
 * added there, with its Chinese message, or this does not type-check).
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly rule?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** 404 for an entity that does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what}不存在: ${id}`);
  }
}

/** An `ApiErrorBody` the API writes itself: its `code` is one of `ErrorCode`. */
export type ApiRefusal = ApiErrorBody & { code: ErrorCode };

/**
 * The response object of a Nest `HttpException` the API throws (`new ForbiddenException(errorBody(...))`):
 * `{ code, message }`, rendered by `GlobalExceptionFilter` with the exception's status.
 */
export function errorBody(code: ErrorCode, message: string): { code: ErrorCode; message: string } {
  return { code, message };
}
