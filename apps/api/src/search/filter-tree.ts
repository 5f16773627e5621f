/**
 * A small filter tree that callers pass to the `SearchEngine` port instead of raw filter strings
 * (ARCHITECTURE §Search). The adapter compiles it, escaping every literal.
 */
export type FilterValue = string | number | boolean;

export type FilterNode =
  | { op: 'eq'; attr: string; value: FilterValue }
  | { op: 'ne'; attr: string; value: FilterValue }
  | { op: 'in'; attr: string; values: FilterValue[] }
  | { op: 'range'; attr: string; gte?: number; gt?: number; lte?: number; lt?: number }
  | { op: 'exists'; attr: string }
  /** The attribute is `null` or missing (`IS NULL OR NOT EXISTS`). */
  | { op: 'isNull'; attr: string }
  | { op: 'and'; nodes: FilterNode[] }
  | { op: 'or'; nodes: FilterNode[] }
  | { op: 'not'; node: FilterNode };

/** Thrown for a tree the compiler refuses (unknown attribute, empty IN, non-finite number …). */
export class FilterCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterCompileError';
  }
}

const ATTR = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Quotes a string literal for a Meilisearch filter: backslashes and double quotes are escaped. */
export function quoteFilterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function literal(v: FilterValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FilterCompileError(`non-finite number in filter: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return quoteFilterString(v);
}

function number(v: number): string {
  if (!Number.isFinite(v)) throw new FilterCompileError(`non-finite number in filter: ${v}`);
  return String(v);
}

/**
 * Compiles a filter tree to a Meilisearch filter expression.
 * @param allowed attribute names the index declares filterable; any other attribute is refused.
 * @returns the expression, or `undefined` for an empty `and`.
 * @throws FilterCompileError on an unknown or malformed attribute, an empty `in`/`or`, or a bad number.
 */
export function compileFilter(node: FilterNode, allowed: ReadonlySet<string>): string | undefined {
  const attr = (a: string): string => {
    if (!ATTR.test(a) || !allowed.has(a)) throw new FilterCompileError(`attribute not filterable: ${a}`);
    return a;
  };
  switch (node.op) {
    case 'eq':
      return `${attr(node.attr)} = ${literal(node.value)}`;
    case 'ne':
      return `${attr(node.attr)} != ${literal(node.value)}`;
    case 'in':
      if (!node.values.length) throw new FilterCompileError(`empty IN on ${node.attr}`);
      return `${attr(node.attr)} IN [${node.values.map(literal).join(', ')}]`;
    case 'range': {
      const a = attr(node.attr);
      const parts: string[] = [];
      if (node.gte !== undefined) parts.push(`${a} >= ${number(node.gte)}`);
      if (node.gt !== undefined) parts.push(`${a} > ${number(node.gt)}`);
      if (node.lte !== undefined) parts.push(`${a} <= ${number(node.lte)}`);
      if (node.lt !== undefined) parts.push(`${a} < ${number(node.lt)}`);
      if (!parts.length) throw new FilterCompileError(`empty range on ${node.attr}`);
      return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
    }
    case 'exists':
      return `${attr(node.attr)} EXISTS`;
    case 'isNull': {
      const a = attr(node.attr);
      return `(${a} IS NULL OR ${a} NOT EXISTS)`;
    }
    case 'not': {
      const inner = compileFilter(node.node, allowed);
      if (inner === undefined) throw new FilterCompileError('NOT of an empty filter');
      return `NOT (${inner})`;
    }
    case 'and':
    case 'or': {
      const parts = node.nodes.map((n) => compileFilter(n, allowed)).filter((s): s is string => s !== undefined);
      if (!parts.length) {
        if (node.op === 'or') throw new FilterCompileError('empty OR');
        return undefined;
      }
      if (parts.length === 1) return parts[0];
      return parts.map((p) => `(${p})`).join(node.op === 'and' ? ' AND ' : ' OR ');
    }
  }
}
