import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): { property: string; constraints: Record<string, string> }[] {
  return errors.flatMap((e) => {
    const property = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ property, constraints: e.constraints }] : [];
    return [...own, ...flatten(e.children ?? [], property)];
  });
}

/**
 * The global validation pipe (ARCHITECTURE practice 2): whitelist, forbid unknown properties, transform.
 * Failures are HTTP 400 `{ code: 'VALIDATION_FAILED', message, details: [{ property, constraints }] }`,
 * the message naming what to fix; when a constraint carries a rule code (`USCC_CHECKSUM: …`) that code is used.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((d) => `${d.property}: ${Object.values(d.constraints).join('; ')}`).join(' | ');
      // A constraint whose message starts with a rule code (e.g. `USCC_CHECKSUM: …`) lends its code to the error.
      const ruleCode = details
        .flatMap((d) => Object.values(d.constraints))
        .map((m) => /^([A-Z][A-Z0-9_]+): /.exec(m)?.[1])
        .find((c): c is string => !!c);
      return new BadRequestException({
        code: ruleCode ?? 'VALIDATION_FAILED',
        message: `请求参数有误 — ${message}`,
        details,
      });
    },
  });
}
