import { HttpStatus } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { jsonNestingDepth, MAX_INPUT_DEPTH } from '@jiebang/contracts';
import type { ApiRefusal } from './domain-error';

/** Largest JSON or form body the API reads (the longest DTO — a 5,000-character plan — is far below it). */
export const BODY_LIMIT = '100kb';

type ParserError = Error & { type?: string; status?: number };

/** The refusal a body-parser error becomes (ARCHITECTURE practice 8: a 4xx with a code, never a 500). */
function refusal(err: ParserError): ApiRefusal | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'MALFORMED_JSON',
        message: '请求体不是合法的 JSON,请检查括号、引号和逗号',
      };
    case 'entity.too.deep':
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'MALFORMED_JSON',
        message: `请求体 JSON 嵌套超过 ${MAX_INPUT_DEPTH} 层,请检查数据结构`,
        details: { maxDepth: MAX_INPUT_DEPTH },
      };
    case 'entity.too.large':
      return {
        statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
        code: 'PAYLOAD_TOO_LARGE',
        message: `请求体超过 ${BODY_LIMIT} 上限,请精简内容;文件请通过附件上传`,
        details: { limit: BODY_LIMIT },
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        code: 'UNSUPPORTED_ENCODING',
        message: '请求体的编码不受支持,请使用 UTF-8',
      };
    default:
      return typeof err.status === 'number' && err.status >= 400 && err.status < 500
        ? { statusCode: err.status, code: 'BAD_REQUEST', message: `请求体无法读取: ${err.message}` }
        : null;
  }
}

/** Wraps a body parser so that its errors are answered here as `ApiErrorBody` (`ApiRefusal`) (Nest's filter never sees them). */
function answered(parse: RequestHandler, after?: (req: Request) => ApiRefusal | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void parse(req, res, (err?: unknown) => {
      const body = err ? refusal(err as ParserError) : after?.(req);
      if (body) {
        res.status(body.statusCode).json(body);
        return;
      }
      next(err);
    });
  };
}

/**
 * The API's JSON body parser, registered under Nest's own name `jsonParser` so that Nest does not add its
 * default one. Bodies are limited to `BODY_LIMIT` (413 `PAYLOAD_TOO_LARGE`); the raw text's nesting is counted
 * without recursion before it is parsed (deeper than `MAX_INPUT_DEPTH` → 400 `MALFORMED_JSON`); malformed JSON
 * is 400 `MALFORMED_JSON`; a JSON body that is not an object (array, number, string, `null`) is 400
 * `BODY_NOT_OBJECT` — every JSON route of the API takes an object.
 */
export function jsonBodyParser(): RequestHandler {
  const parse = express.json({
    limit: BODY_LIMIT,
    strict: false,
    verify: (_req, _res, buf) => {
      if (jsonNestingDepth(buf.toString('utf8')) > MAX_INPUT_DEPTH) {
        throw Object.assign(new Error('too deep'), { type: 'entity.too.deep' });
      }
    },
  });
  const handler = answered(parse, (req) => {
    const b: unknown = req.body; // undefined when the request carried no JSON
    if (b === undefined || (typeof b === 'object' && b !== null && !Array.isArray(b))) return null;
    return {
      statusCode: HttpStatus.BAD_REQUEST,
      code: 'BODY_NOT_OBJECT',
      message: '请求体应为 JSON 对象 {…}(不能是数组、数字、字符串或 null)',
    };
  });
  Object.defineProperty(handler, 'name', { value: 'jsonParser' });
  return handler;
}

/** The form body parser (`application/x-www-form-urlencoded`), with the same limit and error answers. */
export function urlencodedBodyParser(): RequestHandler {
  const handler = answered(express.urlencoded({ limit: BODY_LIMIT, extended: false, parameterLimit: 200 }));
  Object.defineProperty(handler, 'name', { value: 'urlencodedParser' });
  return handler;
}
