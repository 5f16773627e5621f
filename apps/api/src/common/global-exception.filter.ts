import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiErrorBody, ErrorCode } from '@jiebang/contracts';
import { ApiRefusal, DomainError } from './domain-error';

/**
 * Unique constraints whose violation is a user's conflict, not a fault: two requests racing past the service's
 * own check (two registrations with one USCC, one username, one control edge). Constraint name (see the
 * migrations) → the code and message the service itself gives when it sees the duplicate first.
 */
export const UNIQUE_VIOLATIONS: Record<string, { code: ErrorCode; message: string }> = {
  uq_organization_uscc: {
    code: 'ORG_ALREADY_REGISTERED',
    message: '该统一社会信用代码已注册,请直接登录或联系本单位管理员',
  },
  uq_app_user_username: { code: 'USERNAME_TAKEN', message: '该用户名已被使用,请换一个' },
  uq_control_edge_pair: { code: 'CONTROL_EDGE_EXISTS', message: '该控制关系已存在,如需修改请先删除原记录' },
  ux_control_edge_open: {
    code: 'CONTROL_EDGE_EXISTS',
    message: '这两家单位之间已有同类且仍有效的控制关系;如情况有变,请先终止原记录',
  },
  uq_funding_installment_idempotency: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: '该幂等键已用于另一笔拨付记录,本次未作任何记录;请关闭表单后重新填写',
  },
  uq_subsidy_idempotency: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: '该幂等键已用于另一个补助方案,本次未作任何记录;请关闭表单后重新填写',
  },
  ux_subsidy_disbursement_key: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: '该幂等键已用于另一笔补助拨付登记,本次未作任何记录;请关闭表单后重新填写',
  },
};

/**
 * A PostgreSQL error that a request caused and that names no fault of the server: a unique violation (409 with
 * the code of `UNIQUE_VIOLATIONS`, else `ALREADY_EXISTS`), a foreign-key violation (409 `REFERENCE_CONFLICT`),
 * or a value PostgreSQL cannot take (class 22, e.g. `22P02` a bad uuid, `22007`/`22008` a bad date, `22021` a
 * NUL: 400 `INVALID_VALUE`). These are a safety net behind the validation at the edge. `null` for anything else.
 */
export function databaseRefusal(e: unknown): ApiRefusal | null {
  if (!(e instanceof QueryFailedError)) return null;
  const { code, constraint } = e.driverError as { code?: string; constraint?: string };
  if (code === '23505') {
    const known = constraint ? UNIQUE_VIOLATIONS[constraint] : undefined;
    return {
      statusCode: HttpStatus.CONFLICT,
      code: known?.code ?? 'ALREADY_EXISTS',
      message: known?.message ?? '该记录已存在(可能是重复提交),请刷新后查看',
    };
  }
  if (code === '23503') {
    return {
      statusCode: HttpStatus.CONFLICT,
      code: 'REFERENCE_CONFLICT',
      message: '引用的记录不存在或仍被其他记录引用,请刷新后重试',
    };
  }
  if (code?.startsWith('22')) {
    return { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_VALUE', message: '请求中有无法保存的值,请检查后重试' };
  }
  return null;
}

/**
 * Renders every error as `ApiErrorBody`. Domain errors and HTTP exceptions keep their status and code;
 * database refusals (`databaseRefusal`: unique races, bad references, bad values) are 4xx; anything unknown becomes a 500 `INTERNAL_ERROR` whose body hides internals behind a correlation id that
 * is logged with the stack (ARCHITECTURE practice 8).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ApiErrorBody {
    if (e instanceof DomainError) {
      return { statusCode: e.status, code: e.code, message: e.message, rule: e.rule, details: e.details };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const obj = typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {};
      const code = typeof obj.code === 'string' ? obj.code : (HttpStatus[status] ?? 'HTTP_ERROR');
      const message = typeof obj.message === 'string' ? obj.message : e.message;
      return { statusCode: status, code, message, details: obj.details };
    }
    const correlationId = randomUUID();
    const refusal = databaseRefusal(e);
    if (refusal) {
      // A refusal the database had to make: the edge's validation or the service's check missed it.
      this.logger.warn(`[${correlationId}] ${refusal.code}: ${(e as Error).message}`);
      return { ...refusal, correlationId };
    }
    this.logger.error(`[${correlationId}] ${(e as Error)?.stack ?? String(e)}`);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: '服务器内部错误,请稍后重试;如持续出现,请联系管理员并提供编号',
      correlationId,
    };
  }
}
