import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The input rules every request and socket payload obeys at the edge (issue 11): strict calendar dates, text
 * without control characters, required text that is not blank, bounded nesting. One home for each rule: the
 * decorators below, the API's global validation pipe and the negotiation gateway all use these functions.
 */

/** Deepest nesting of objects/arrays a request body or socket payload may have (a 3,000-deep body is refused). */
export const MAX_INPUT_DEPTH = 64;

/** Error code of text carrying NUL or another control character (HTTP 400). */
export const INVALID_CHARACTERS = 'INVALID_CHARACTERS';

/** C0 control characters and DEL, except TAB, LF and CR (allowed in long text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** The same plus TAB, LF and CR, for single-line fields (names, numbers, references). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F]/;

/**
 * True when `value` is a `YYYY-MM-DD` calendar date that exists (no 2026-02-30, no month 13; leap years
 * counted), years 1000–9999.
 */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/**
 * The first control character in `text` (NUL, other C0 characters, DEL; with `singleLine` also TAB, LF, CR),
 * as its index, or -1 when there is none.
 */
export function controlCharIndex(text: string, singleLine = false): number {
  const m = (singleLine ? CONTROL_SINGLE_LINE : CONTROL).exec(text);
  return m ? m.index : -1;
}

/** A defect found by `inspectInput`: where it is (`a.b[2]`) and what is wrong. */
export interface InputDefect {
  code: 'INPUT_TOO_DEEP' | typeof INVALID_CHARACTERS;
  path: string;
  message: string;
}

/**
 * Walks a parsed value (without recursion, so that any depth is safe) and returns the first defect: nesting
 * deeper than `maxDepth`, or a string — value or key — holding a control character other than TAB/LF/CR.
 * `null` when the value is clean.
 */
export function inspectInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputDefect | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (controlCharIndex(v) >= 0) {
        return {
          code: INVALID_CHARACTERS,
          path,
          message: `${path || '请求'} 含有不可见的控制字符(如 NUL),请删除后重试`,
        };
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      return { code: 'INPUT_TOO_DEEP', path, message: `请求数据嵌套超过 ${maxDepth} 层` };
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (controlCharIndex(k) >= 0) {
          return { code: INVALID_CHARACTERS, path: p, message: '字段名含有不可见的控制字符' };
        }
        stack.push({ v: x, path: p, depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * Scans raw JSON text (without parsing it, and without recursion) and returns the deepest nesting of `{`/`[`
 * outside strings, stopping as soon as it exceeds `limit`. Used before `JSON.parse` so that a body nested
 * 3,000 deep is refused before any code walks it.
 */
export function jsonNestingDepth(text: string, limit = MAX_INPUT_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function decorator(
  name: string,
  validate: (value: unknown) => boolean,
  defaultMessage: (args: ValidationArguments) => string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate, defaultMessage },
    });
  };
}

/**
 * class-validator decorator: a `YYYY-MM-DD` date that exists on the calendar (`2026-02-30` is refused;
 * 400 `VALIDATION_FAILED`). Dates are Beijing calendar dates (RULEBOOK: deadlines in days).
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isCalendarDate',
    isCalendarDate,
    (a) => `${a.property} 应为存在的日期 YYYY-MM-DD(如 2026-02-28),收到 ${JSON.stringify(a.value)}`,
    options,
  );
}

/**
 * class-validator decorator: a string without NUL or other control characters (TAB, LF, CR allowed unless
 * `singleLine`). The failure message carries the code `INVALID_CHARACTERS` (400).
 */
export function IsPlainText(opts: { singleLine?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  return decorator(
    opts.singleLine ? 'isPlainTextSingleLine' : 'isPlainText',
    (v) => typeof v === 'string' && controlCharIndex(v, opts.singleLine) < 0,
    (a) =>
      `${INVALID_CHARACTERS}: ${a.property} 不能含有${opts.singleLine ? '换行、制表符或' : ''}不可见的控制字符,请删除后重试`,
    options,
  );
}

/**
 * class-validator decorator: required text whose content — leading and trailing white space removed — has at
 * least `minLength` characters (a text of spaces only is blank and refused with 400 `VALIDATION_FAILED`).
 * Replaces `@MinLength` on fields where content is required.
 */
export function IsNotBlank(minLength = 1, options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isNotBlank',
    (v) => typeof v === 'string' && v.trim().length >= minLength,
    (a) => `${a.property} 不能为空白${minLength > 1 ? `,去掉首尾空格后至少 ${minLength} 个字` : ''}`,
    options,
  );
}
