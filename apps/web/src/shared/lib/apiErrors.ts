/**
 * Turning API errors into what users see: `errorText` gives the plain-Chinese message of any failure (the
 * server's own, else the contract's `ERROR_MESSAGES` for its `ErrorCode`), never a code, a seed number or a
 * RULEBOOK section — a cited rule is named in words (`ruleWords` of `./rules`). `VALIDATION_FAILED` details
 * (`[{property, constraints}]`, with dotted paths such as `account.password` or `contacts.0.phone`, or nested
 * `children`) become per-field errors; English class-validator defaults get a Chinese text that says what to fix.
 */
import { ERROR_MESSAGES, isErrorCode } from '@jiebang/contracts';
import { ApiError } from '../../api/errors';
import { ruleWords } from './rules';

/** A field path in antd's `NamePath` form, e.g. `['account', 'password']` or `['contacts', 0, 'phone']`. */
export type FieldPath = (string | number)[];

/** Errors of one form field. */
export interface FieldErrorEntry {
  name: FieldPath;
  errors: string[];
}

/** True when `text` contains Chinese characters (a message meant for users). */
export function hasChinese(text: string | null | undefined): boolean {
  return !!text && /[\u3400-\u9fff]/.test(text);
}

/** The server's message when it is written for users (Chinese), else `fallback`. */
export function userMessage(error: ApiError, fallback: string): string {
  return hasChinese(error.message) ? error.message : fallback;
}

/** `text` without the seed / RULEBOOK references it cites (`(004 §15)`, `(依据 RULEBOOK §6)`, `依据 004 §9`). */
export function withoutRuleRefs(text: string): string {
  return text
    .replace(/\s*[(（](?:依据\s*)?[^()（）]*(?:§|RULEBOOK)[^()（）]*[)）]/g, '')
    .replace(/[，,；;]?\s*依据\s*(?:\d{3}|RULEBOOK)[^，。；;)）]*/g, '')
    .trim();
}

/**
 * What a user is told about a failed call: the server's Chinese message, else the contract's message of its
 * `ErrorCode`, else `fallback` — without codes or seed numbers; a cited rule is added in words
 * (`(依据《…"揭榜挂帅"实施办法（试行）》第十五条)`) when its document is known.
 */
export function errorText(err: unknown, fallback = '操作失败，请稍后重试'): string {
  if (!(err instanceof ApiError)) return fallback;
  const own = hasChinese(err.message) ? err.message : isErrorCode(err.code) ? ERROR_MESSAGES[err.code] : fallback;
  const text = withoutRuleRefs(own) || fallback;
  const words = ruleWords(err.rule);
  return words && !text.includes(words) ? `${text}(依据${words})` : text;
}

/** Splits `contacts.0.phone` / `contacts[0].phone` into `['contacts', 0, 'phone']`. */
export function parsePropertyPath(property: string): FieldPath {
  return property
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const NUMBER = /(\d+(?:\.\d+)?)/;

/**
 * Chinese text of a class-validator constraint shown under its field: the English default translated; a Chinese
 * message loses a leading rule code (`INVALID_CHARACTERS: `) and the request's property name (`documentNo 不能为空白…`
 * → `不能为空白…`), which mean nothing to the person filling in the form.
 */
function constraintText(key: string, message: string, property?: string): string {
  if (hasChinese(message)) {
    const bare = message.replace(/^[A-Z][A-Z0-9_]+: /, '');
    return property && bare.startsWith(`${property} `) ? bare.slice(property.length + 1) : bare;
  }
  const n = NUMBER.exec(message)?.[1];
  switch (key) {
    case 'isNotEmpty':
    case 'isDefined':
    case 'isString':
      return '请填写此项';
    case 'minLength':
      return n ? `长度不能少于 ${n} 个字符` : '内容过短';
    case 'maxLength':
      return n ? `长度不能超过 ${n} 个字符` : '内容过长';
    case 'isEmail':
      return '电子邮箱格式不正确';
    case 'isEnum':
    case 'isIn':
      return '请从列表中选择';
    case 'matches':
      return '格式不正确';
    case 'min':
      return n ? `不能小于 ${n}` : '数值过小';
    case 'max':
      return n ? `不能大于 ${n}` : '数值过大';
    case 'isNumber':
    case 'isInt':
      return '请输入数字';
    case 'isDateString':
      return '请输入日期(YYYY-MM-DD)';
    case 'isUuid':
      return '请从列表中选择';
    case 'arrayMaxSize':
      return n ? `最多 ${n} 项` : '项数过多';
    case 'whitelistValidation':
    case 'forbidNonWhitelisted':
      return '不允许的字段';
    default:
      return message;
  }
}

interface DetailNode {
  property?: unknown;
  constraints?: unknown;
  children?: unknown;
  message?: unknown;
  messages?: unknown;
}

/** Collects per-field errors from a `VALIDATION_FAILED` error's `details` (empty when there are none). */
export function validationFieldErrors(error: ApiError): FieldErrorEntry[] {
  const byPath = new Map<string, FieldErrorEntry>();
  const add = (path: FieldPath, messages: string[]) => {
    if (path.length === 0 || messages.length === 0) return;
    const key = JSON.stringify(path);
    const entry = byPath.get(key) ?? { name: path, errors: [] };
    for (const m of messages) if (!entry.errors.includes(m)) entry.errors.push(m);
    byPath.set(key, entry);
  };
  const walk = (nodes: unknown, parent: FieldPath) => {
    if (!Array.isArray(nodes)) return;
    for (const raw of nodes) {
      if (typeof raw !== 'object' || raw === null) continue;
      const node = raw as DetailNode;
      const path = typeof node.property === 'string' ? [...parent, ...parsePropertyPath(node.property)] : [...parent];
      const messages: string[] = [];
      const own = typeof node.property === 'string' ? String(parsePropertyPath(node.property).at(-1) ?? '') : undefined;
      if (node.constraints && typeof node.constraints === 'object') {
        for (const [key, msg] of Object.entries(node.constraints as Record<string, unknown>)) {
          messages.push(constraintText(key, String(msg), own));
        }
      }
      if (typeof node.message === 'string') messages.push(node.message);
      if (Array.isArray(node.messages)) messages.push(...node.messages.map(String));
      add(path, messages);
      walk(node.children, path);
    }
  };
  walk(error.body.details, []);
  return [...byPath.values()];
}

/** Joins a field path back to the dotted form (`contacts.0.phone`). */
export function pathKey(path: FieldPath): string {
  return path.join('.');
}
