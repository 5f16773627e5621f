import { HttpStatus } from '@nestjs/common';

/**
 * A refusal the platform owes the user an explanation for: an HTTP status, a machine-readable `code`, the
 * rule it enforces (`rule`, e.g. `004 §8`) and optional `details`. Rendered by `GlobalExceptionFilter` as
 * `ApiErrorBody` (ARCHITECTURE practice 8).
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
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
