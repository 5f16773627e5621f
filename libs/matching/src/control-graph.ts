/**
 * Control graph (控股 / 控制关系) between organisations, as of a date (RULEBOOK §6).
 *
 * An organisation controls another directly when it holds more than 50 % of its equity, or has an explicit
 * control agreement (协议控制), or the other is its branch (分公司). Control is transitive: a chain of direct
 * controls is control at any depth (`004 §4(一)`, `§6`, `§8` "下属子公司"; RULEBOOK §6).
 *
 * Everything here is pure: no I/O, deterministic output whatever the order of the input edges, and no
 * recursion or unbounded loop on cyclic data (A controls B controls A).
 */

/** Kind of a control edge: shareholding, explicit control agreement, or branch (分公司) of a head office. */
export type ControlEdgeKind = 'equity' | 'agreement' | 'branch';

/**
 * One recorded relation between two organisations (GLOSSARY `Control`).
 * - `controllerOrgId`: the shareholder / controlling party / head office (总公司);
 * - `controlledOrgId`: the company held / controlled / the branch (分公司);
 * - `equityPct`: share of equity held, in **percent 0–100** (60 means 60 %, never the ratio 0.6); `null` when
 *   unknown. Only meaningful for `kind: 'equity'`, where control needs `equityPct > 50` (so a 50/50 joint
 *   venture is controlled by neither parent);
 * - `kind`: `'equity'` (控股, controls when > 50 %), `'agreement'` (协议控制, always controls), `'branch'`
 *   (分公司: the same legal entity as its head office; the head office is the controller side);
 * - `validFrom` / `validTo`: ISO 8601 dates (`YYYY-MM-DD`) or timestamps; both ends inclusive, `null` or
 *   absent = open. An edge not in force at the `asOf` date is ignored (see `isInForce`).
 */
export interface ControlEdge {
  controllerOrgId: string;
  controlledOrgId: string;
  equityPct: number | null;
  kind: ControlEdgeKind;
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * A control chain: org ids alternating with the label of the hop between them, starting and ending with an
 * org id, e.g. `['A', '60%', 'B', '51%', 'C']` = A →(60 %) B →(51 %) C. Labels: `'<pct>%'` for equity,
 * `AGREEMENT_LABEL` (`'协议控制'`) for agreements, `BRANCH_LABEL` (`'分公司'`) for head office → branch.
 */
export type ControlPath = string[];

/** Label of an agreement-control hop (协议控制). */
export const AGREEMENT_LABEL = '协议控制';
/** Label of a head office → branch hop (the next org is a 分公司 of the previous one). */
export const BRANCH_LABEL = '分公司';
/** Label of a branch → head office hop (the next org is the 总公司 of the previous one); eligibility only. */
export const HEAD_OFFICE_LABEL = '总公司';
/** Label of a hop between two records carrying the same USCC (同一法律主体); eligibility only. */
export const SAME_USCC_LABEL = '同一信用代码';
/**
 * Separator between two chains inside one path, used by `COMMON_CONTROLLER` blocks:
 * `[X, '60%', A, PATH_SEPARATOR, X, '70%', P]`. Never a valid org id or label.
 */
export const PATH_SEPARATOR = '|';

/** China Standard Time offset (UTC+8): calendar days are Beijing days. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Normalises an ISO 8601 date or timestamp to its calendar day `YYYY-MM-DD` in China Standard Time (UTC+8).
 * A date stays as it is; a timestamp with `Z` or an offset is converted to its Beijing day; a timestamp without
 * offset is read as Beijing time. Validity and in-force checks compare days, never instants.
 * @throws RangeError when the value is not an ISO 8601 date or timestamp (or not a real calendar date).
 */
export function toCalendarDay(value: string): string {
  if (typeof value !== 'string') throw new RangeError(`not an ISO 8601 date: ${String(value)}`);
  const v = value.trim();
  const d = DATE_RE.exec(v);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const t = new Date(Date.UTC(y, m - 1, day));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== day) {
      throw new RangeError(`not a calendar date: ${value}`);
    }
    return v;
  }
  const dt = DATETIME_RE.exec(v);
  if (!dt) throw new RangeError(`not an ISO 8601 date: ${value}`);
  const ms = Date.parse(dt[1] ? v : `${v}+08:00`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date: ${value}`);
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * True when a validity interval covers the day `asOf`: `validFrom ≤ asOf ≤ validTo`, both ends inclusive,
 * compared as Beijing calendar days (`toCalendarDay`); a `null`/absent end is open.
 * Used for control edges and credit records (`004 §14`: a record in force at `asOf`).
 * @throws RangeError when a date is malformed.
 */
export function isInForce(
  validFrom: string | null | undefined,
  validTo: string | null | undefined,
  asOf: string,
): boolean {
  const day = toCalendarDay(asOf);
  if (validFrom != null && toCalendarDay(validFrom) > day) return false;
  if (validTo != null && toCalendarDay(validTo) < day) return false;
  return true;
}

/**
 * Checks the shape of one control edge; returns a Chinese message for the first problem, or `null` when it is
 * well-formed. Use at input time; `buildControlGraph` throws on the same problems.
 * Rules: ids non-empty; kind one of `equity | agreement | branch`; `equityPct` `null` or a finite percent in
 * [0, 100] (a ratio such as 0.6 is legal but means 0.6 %); dates ISO 8601.
 */
export function validateControlEdge(edge: ControlEdge): string | null {
  if (!edge || typeof edge !== 'object') return '控制关系数据缺失';
  if (typeof edge.controllerOrgId !== 'string' || edge.controllerOrgId === '') return '控制方单位标识缺失';
  if (typeof edge.controlledOrgId !== 'string' || edge.controlledOrgId === '') return '被控制方单位标识缺失';
  if (edge.kind !== 'equity' && edge.kind !== 'agreement' && edge.kind !== 'branch') {
    return `控制关系类型无效: ${String(edge.kind)}`;
  }
  const pct = edge.equityPct;
  if (pct !== null && pct !== undefined && (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100)) {
    return `持股比例应为0–100之间的百分数: ${String(pct)}`;
  }
  for (const d of [edge.validFrom, edge.validTo]) {
    if (d == null) continue;
    try {
      toCalendarDay(d);
    } catch {
      return `日期格式无效: ${String(d)}`;
    }
  }
  return null;
}

/**
 * True when the edge, by itself, confers control (RULEBOOK §6): `agreement`, `branch`, or `equity` with
 * `equityPct > 50` (percent). Ignores validity dates; see `isInForce`.
 */
export function confersControl(edge: ControlEdge): boolean {
  if (edge.kind === 'agreement' || edge.kind === 'branch') return true;
  return edge.kind === 'equity' && typeof edge.equityPct === 'number' && edge.equityPct > 50;
}

/** Formats a percent 0–100 as a hop label, e.g. `60` → `'60%'`, `50.5` → `'50.5%'`. */
export function formatEquityPct(pct: number): string {
  return `${String(parseFloat(pct.toFixed(6)))}%`;
}

/** The label of an edge in a `ControlPath`: `'60%'`, `'协议控制'` or `'分公司'`. */
export function controlLabel(edge: ControlEdge): string {
  if (edge.kind === 'branch') return BRANCH_LABEL;
  if (edge.kind === 'agreement') return AGREEMENT_LABEL;
  return edge.equityPct == null ? '股权' : formatEquityPct(edge.equityPct);
}

/**
 * A directed hop of a graph before de-duplication: `from` → `to` with a path `label`.
 * When several arcs join the same ordered pair, the one with the lowest `rank` wins (ties: smaller label), so
 * the graph does not depend on input order.
 */
export interface ControlArc {
  from: string;
  to: string;
  label: string;
  rank: number;
}

/**
 * Preference among parallel edges of one pair: branch first, then equity (higher percent first), then
 * agreement.
 */
export function controlRank(edge: ControlEdge): number {
  if (edge.kind === 'branch') return 0;
  if (edge.kind === 'equity') return 1000 + (100 - (edge.equityPct ?? 0));
  return 2000;
}

/** One neighbour in a `ControlGraph` adjacency list. */
export interface ControlHop {
  readonly org: string;
  readonly label: string;
}

/**
 * Adjacency lists of a control graph. `down.get(a)` lists the orgs `a` directly controls (with the hop label);
 * `up.get(b)` lists the orgs directly controlling `b`, with the label of the arc `org → b`. Lists are sorted by
 * org id (code-unit order), so breadth-first search is deterministic. `nodes` is every org id on an arc, sorted.
 */
export interface ControlGraph {
  readonly nodes: readonly string[];
  readonly down: ReadonlyMap<string, readonly ControlHop[]>;
  readonly up: ReadonlyMap<string, readonly ControlHop[]>;
}

/** Code-unit string order (locale-independent, hence deterministic everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds a graph from arcs: self-loops are dropped, parallel arcs of one ordered pair keep the lowest `rank`
 * (then the smaller label), adjacency lists are sorted by org id. O(E log E).
 */
export function graphFromArcs(arcs: Iterable<ControlArc>): ControlGraph {
  const best = new Map<string, ControlArc>();
  for (const arc of arcs) {
    if (arc.from === arc.to) continue;
    const key = `${arc.from}\u0000${arc.to}`;
    const prev = best.get(key);
    if (!prev || arc.rank < prev.rank || (arc.rank === prev.rank && compareStrings(arc.label, prev.label) < 0)) {
      best.set(key, arc);
    }
  }
  const down = new Map<string, ControlHop[]>();
  const up = new Map<string, ControlHop[]>();
  const nodes = new Set<string>();
  for (const arc of best.values()) {
    nodes.add(arc.from);
    nodes.add(arc.to);
    let d = down.get(arc.from);
    if (!d) down.set(arc.from, (d = []));
    d.push({ org: arc.to, label: arc.label });
    let u = up.get(arc.to);
    if (!u) up.set(arc.to, (u = []));
    u.push({ org: arc.from, label: arc.label });
  }
  const byOrg = (a: ControlHop, b: ControlHop) => compareStrings(a.org, b.org);
  for (const list of down.values()) list.sort(byOrg);
  for (const list of up.values()) list.sort(byOrg);
  return { nodes: [...nodes].sort(compareStrings), down, up };
}

/**
 * The arcs of the edges that confer control (`confersControl`) and are in force at `asOf` (`isInForce`).
 * @throws RangeError on a malformed edge (`validateControlEdge`) or `asOf`.
 */
export function controlArcs(edges: readonly ControlEdge[], asOf: string): ControlArc[] {
  toCalendarDay(asOf);
  const arcs: ControlArc[] = [];
  for (const edge of edges) {
    const problem = validateControlEdge(edge);
    if (problem) throw new RangeError(`invalid control edge ${JSON.stringify(edge)}: ${problem}`);
    if (!confersControl(edge) || !isInForce(edge.validFrom, edge.validTo, asOf)) continue;
    arcs.push({
      from: edge.controllerOrgId,
      to: edge.controlledOrgId,
      label: controlLabel(edge),
      rank: controlRank(edge),
    });
  }
  return arcs;
}

/**
 * The control graph at `asOf`: one arc per controlling edge in force (equity > 50 %, agreement, branch).
 * Edges that do not confer control (≤ 50 %, unknown percent) or are outside their validity are left out.
 * @throws RangeError on a malformed edge or date.
 */
export function buildControlGraph(edges: readonly ControlEdge[], asOf: string): ControlGraph {
  return graphFromArcs(controlArcs(edges, asOf));
}

interface Visit {
  /** The previously visited org (one hop closer to the BFS source); `null` for the source. */
  prev: string | null;
  label: string;
}

/**
 * Breadth-first search from `source` along `adj`; stops early once `target` is reached. Each org is visited
 * once, so cycles terminate. O(V + E) per call.
 */
function bfs(adj: ReadonlyMap<string, readonly ControlHop[]>, source: string, target?: string): Map<string, Visit> {
  const seen = new Map<string, Visit>([[source, { prev: null, label: '' }]]);
  const queue: string[] = [source];
  for (let head = 0; head < queue.length; head += 1) {
    const at = queue[head];
    for (const hop of adj.get(at) ?? []) {
      if (seen.has(hop.org)) continue;
      seen.set(hop.org, { prev: at, label: hop.label });
      if (hop.org === target) return seen;
      queue.push(hop.org);
    }
  }
  return seen;
}

/** Chain from the BFS source to `org` (down search): `[source, l1, …, org]`. */
function pathFromSource(seen: Map<string, Visit>, org: string): ControlPath {
  const rev: string[] = [org];
  let at = org;
  for (let v = seen.get(at); v && v.prev !== null; v = seen.get(at)) {
    rev.push(v.label, v.prev);
    at = v.prev;
  }
  return rev.reverse();
}

/** Chain from `org` to the BFS source (up search): `[org, l1, …, source]`. */
function pathToSource(seen: Map<string, Visit>, org: string): ControlPath {
  const out: string[] = [org];
  let at = org;
  for (let v = seen.get(at); v && v.prev !== null; v = seen.get(at)) {
    out.push(v.label, v.prev);
    at = v.prev;
  }
  return out;
}

/**
 * Every org `controller` controls at any depth in `graph`, each with one shortest chain
 * `[controller, label, …, org]` (fewest hops; ties broken by org id, so the result is deterministic).
 * The controller itself is never in the result, even on a cycle. Returned in sorted org-id order.
 */
export function controlledBy(graph: ControlGraph, controller: string): Map<string, ControlPath> {
  const seen = bfs(graph.down, controller);
  const out = new Map<string, ControlPath>();
  for (const org of [...seen.keys()].sort(compareStrings)) {
    if (org !== controller) out.set(org, pathFromSource(seen, org));
  }
  return out;
}

/**
 * Every org that controls `org` at any depth in `graph`, each with one shortest chain from that controller
 * down to `org`: `[controller, label, …, org]`. `org` itself is never in the result. Sorted by org id.
 */
export function controllersOf(graph: ControlGraph, org: string): Map<string, ControlPath> {
  const seen = bfs(graph.up, org);
  const out = new Map<string, ControlPath>();
  for (const x of [...seen.keys()].sort(compareStrings)) {
    if (x !== org) out.set(x, pathToSource(seen, x));
  }
  return out;
}

/**
 * One shortest control chain from `from` down to `to`, e.g. `['A', '60%', 'B', '51%', 'C']`
 * (`'协议控制'` for agreement hops, `'分公司'` for branch hops), or `null` when `from` does not control `to`
 * (also when `from === to`). Breadth-first from `from` only, stopping at `to`.
 */
export function controlPath(graph: ControlGraph, from: string, to: string): ControlPath | null {
  if (from === to) return null;
  const seen = bfs(graph.down, from, to);
  return seen.has(to) ? pathFromSource(seen, to) : null;
}

/**
 * The transitive control closure at `asOf` (RULEBOOK §6: control is transitive): for each source org, every org
 * it controls at any depth with one shortest chain (`controlledBy`).
 * - Sources: `orgIds` when given (one BFS each: use this when only a few orgs matter), else every org on a
 *   controlling edge in force. Every source has an entry, empty when it controls nothing.
 * - An org never appears in its own set, even on a cycle (A → B → A gives A: {B}, B: {A}).
 * - Control: equity `equityPct > 50` (percent), agreement, branch; edges outside validity ignored.
 * Cost: O(S · (V + E)) for S sources, plus O(E log E) to build the graph.
 * @throws RangeError on a malformed edge or date.
 */
export function controlClosure(
  edges: readonly ControlEdge[],
  asOf: string,
  orgIds?: Iterable<string>,
): Map<string, Map<string, ControlPath>> {
  const graph = buildControlGraph(edges, asOf);
  const sources = orgIds ? [...new Set(orgIds)].sort(compareStrings) : graph.nodes;
  const out = new Map<string, Map<string, ControlPath>>();
  for (const s of sources) out.set(s, controlledBy(graph, s));
  return out;
}

/**
 * Renders a path for people: `A →(60%) B →(51%) C`; chains separated by `PATH_SEPARATOR` are joined with
 * `; `. `nameOf` maps an org id to a display name (default: the id itself).
 */
export function formatControlPath(path: readonly string[], nameOf: (orgId: string) => string = (id) => id): string {
  const chains: string[][] = [[]];
  for (const part of path) {
    if (part === PATH_SEPARATOR) chains.push([]);
    else chains[chains.length - 1].push(part);
  }
  return chains
    .filter((c) => c.length > 0)
    .map((c) => c.map((part, i) => (i % 2 === 0 ? nameOf(part) : `→(${part})`)).join(' '))
    .join('; ');
}

/** Number of hops of a single chain (`(path.length − 1) / 2`). */
export function hopCount(path: readonly string[]): number {
  return Math.max(0, (path.length - 1) / 2);
}
