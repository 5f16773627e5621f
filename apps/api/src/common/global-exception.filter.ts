import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { ApiErrorBody } from '@jiebang/contracts';
import { DomainError } from './domain-error';

/**
 * Renders every error as `ApiErrorBody`. Domain errors and HTTP exceptions keep their status and code;
 * anything unknown becomes a 500 `INTERNAL_ERROR` whose body hides internals behind a correlation id that
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
    this.logger.error(`[${correlationId}] ${(e as Error)?.stack ?? String(e)}`);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: '服务器内部错误,请稍后重试;如持续出现,请联系管理员并提供编号',
      correlationId,
    };
  }
}
