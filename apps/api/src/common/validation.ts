import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, inspectInput, isErrorCode } from '@jiebang/contracts';

function flatten(errors: ValidationError[], parent = ''): { property: string; constraints: Record<string, string> }[] {
  return errors.flatMap((e) => {
    const property = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ property, constraints: e.constraints }] : [];
    return [...own, ...flatten(e.children ?? [], property)];
  });
}

/**
 * The code of a validation failure: the first constraint message that starts with a rule code (e.g.
 * `USCC_CHECKSUM: …`, `INVALID_CHARACTERS: …`) lends its code when it is one of `ErrorCode`; otherwise
 * `VALIDATION_FAILED`.
 */
export function validationCode(messages: string[]): ErrorCode {
  return (
    messages.map((m) => /^([A-Z][A-Z0-9_]+): /.exec(m)?.[1]).find((c): c is ErrorCode => isErrorCode(c)) ??
    ErrorCode.VALIDATION_FAILED
  );
}

/**
 * The global validation pipe (ARCHITECTURE practice 2): whitelist, forbid unknown properties, transform.
 * Failures are HTTP 400 `{ code: 'VALIDATION_FAILED', message, details: [{ property, constraints }] }`,
 * the message naming what to fix; when a constraint carries a rule code (`USCC_CHECKSUM: …`) that code is used.
 */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((d) => `${d.property}: ${Object.values(d.constraints).join('; ')}`).join(' | ');
      return new BadRequestException({
        code: validationCode(details.flatMap((d) => Object.values(d.constraints))),
        message: `请求参数有误 — ${message}`,
        details,
      });
    },
  });
}

/**
 * The global pipe with the input rules of `@jiebang/contracts` applied to every body, query and route parameter
 * before class-validator (which walks values recursively) sees them: nesting deeper than `MAX_INPUT_DEPTH` is
 * 400 `INPUT_TOO_DEEP`, and a string or key holding NUL or another control character (TAB, LF, CR allowed) is
 * 400 `INVALID_CHARACTERS` — so that no field is forgotten and PostgreSQL never receives a NUL.
 */
export class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') assertCleanInput(value);
    return super.transform(value, metadata);
  }
}

/**
 * Throws 400 (`INPUT_TOO_DEEP` or `INVALID_CHARACTERS`, `details: [{ property }]`) when `inspectInput` finds a
 * defect in a request value; shared by the HTTP pipe and the negotiation gateway.
 */
export function assertCleanInput(value: unknown): void {
  const defect = inspectInput(value);
  if (defect) {
    throw new BadRequestException({
      code: defect.code,
      message: `请求参数有误 — ${defect.message}`,
      details: [{ property: defect.path }],
    });
  }
}
