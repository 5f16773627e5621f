/**
 * 揭榜资格审查 — who may post a listing and who may take it up (RULEBOOK §2, §6, §8; seed `004 §4`–`§8`, `§14`).
 *
 * Pure functions over facts the caller loads: organisations, control edges, credit records and a date. The result
 * lists every block (the application is refused) and every warning (a hint for staff, never a refusal), each with
 * its rule reference from `@jiebang/policy` `RULES`, sorted so that the same facts in any order give the same
 * output.
 */
import { ENTERPRISE_ORG_TYPES, isInRegion, ListingKind, ORG_TYPE_LABELS, OrgType } from '@jiebang/contracts';
import {
  BLOCK_CODES,
  creditRecordInForce,
  mayPostAchievement,
  RULES,
  WARNING_CODES,
  type BlockCode,
  type WarningCode,
} from '@jiebang/policy';
import {
  BRANCH_LABEL,
  HEAD_OFFICE_LABEL,
  PATH_SEPARATOR,
  SAME_USCC_LABEL,
  compareStrings,
  confersControl,
  controlLabel,
  controlRank,
  controlledBy,
  controllersOf,
  formatControlPath,
  graphFromArcs,
  hopCount,
  isInForce,
  toCalendarDay,
  validateControlEdge,
  type ControlArc,
  type ControlEdge,
  type ControlGraph,
  type ControlPath,
} from './control-graph';

/**
 * What eligibility needs to know about an organisation (单位).
 * - `id`: the platform's org id (must equal its key in `orgs`);
 * - `uscc`: 统一社会信用代码 (18 characters, GB 32100-2015) or `null` when not registered; equal USCCs are the
 *   same legal entity (RULEBOOK §6); compared trimmed and upper-cased;
 * - `type`: 单位类型 (`OrgType`); enterprise = `Enterprise` or `TechEnterprise`;
 * - `regionCode`: declared GB/T 2260 six-digit region; in-region = starts with `15` (RULEBOOK §8);
 * - `independentLegalPerson`: 具有独立法人资格 (a 分公司 has not);
 * - `verified`: registration checked by 科技厅 staff (RULEBOOK §1);
 * - `partner4x8xN`: recorded by staff as a 科技兴蒙 "4+8+N" 合作主体 (GLOSSARY; `004 §4`, `§6`, `§7`); absent = no;
 * - `legalRepresentative`, `contactPhones`, `contactEmails`: only used for warnings (RULEBOOK §6).
 */
export interface OrgFacts {
  id: string;
  uscc: string | null;
  name: string;
  type: OrgType;
  regionCode: string | null;
  independentLegalPerson: boolean;
  verified: boolean;
  partner4x8xN?: boolean;
  legalRepresentative?: string | null;
  contactPhones?: string[];
  contactEmails?: string[];
}

/** Organisations by id: a plain record or a Map. Keys must equal `OrgFacts.id`. */
export type OrgFactsInput = Readonly<Record<string, OrgFacts>> | ReadonlyMap<string, OrgFacts>;

/** Kind of a credit record: 科研失信 blacklist, or 联合惩戒名单 (joint punishment list) (`004 §14`). */
export type CreditRecordKind = 'blacklist' | 'joint_punishment';

/**
 * A credit record (GLOSSARY `CreditRecord`) against an organisation, in force from `validFrom` to `validTo`
 * (ISO dates, both inclusive; `validTo: null` = open-ended). `source` names the list or decision (e.g.
 * `信用中国 2024-031`). Any record in force at `asOf` blocks (`004 §14`).
 */
export interface CreditRecord {
  orgId: string;
  kind: CreditRecordKind;
  validFrom: string;
  validTo: string | null;
  source: string;
}

/**
 * Input of `checkEligibility`.
 * - `listing`: its kind and poster (发榜方);
 * - `applicantOrgId`: the applicant or consortium lead (揭榜方 / 牵头方; the taker once awarded);
 * - `memberOrgIds`: the other members of the consortium (联合体成员), if any;
 * - `orgs`: facts of at least the poster, the applicant and the members (others are used for USCC matching);
 * - `edges`: control edges (`ControlEdge`; `equityPct` in percent 0–100);
 * - `creditRecords`: credit records of any organisations;
 * - `asOf`: ISO date (or timestamp) at which control edges and credit records are evaluated.
 */
export interface EligibilityInput {
  listing: { kind: ListingKind; posterOrgId: string };
  applicantOrgId: string;
  memberOrgIds?: string[];
  orgs: OrgFactsInput;
  edges: ControlEdge[];
  creditRecords: CreditRecord[];
  asOf: string;
}

/**
 * A finding that makes the application (or posting) ineligible.
 * - `code`, `rule`: from `RULES` (e.g. `SUBSIDIARY_OF_POSTER`, `004 §4(一), §4(二), §6, §8`);
 * - `orgId`: the organisation the finding is about (poster, lead applicant or member);
 * - `path`: the evidence chain (`ControlPath` form: ids alternating with labels), `[]` when the finding is
 *   about the organisation alone:
 *   - `SAME_ENTITY`: poster → … → org through identity hops (`'分公司'`, `'总公司'`, `'同一信用代码'`);
 *     `[poster]` when it is the very same record;
 *   - `SUBSIDIARY_OF_POSTER`: poster → … → org (e.g. `['A', '60%', 'B', '51%', 'C']`);
 *   - `CONTROLLER_OF_POSTER`: org → … → poster;
 *   - `COMMON_CONTROLLER`: the chain from the common controller X to the org, then `PATH_SEPARATOR` (`'|'`),
 *     then the chain from X to the poster: `['X', '60%', 'A', '|', 'X', '70%', 'P']`;
 *   - `NOT_INDEPENDENT_LEGAL_PERSON` / `POSTER_NOT_ELIGIBLE` for a branch: `[headOffice, '分公司', org]`;
 *   - `CREDIT_BLACKLISTED` via the same legal entity: org → … → the listed org through identity hops;
 * - `message`: Chinese explanation of what was found.
 */
export interface Block {
  code: BlockCode;
  rule: string;
  orgId: string;
  path: string[];
  message: string;
}

/**
 * A hint for staff that never blocks (RULEBOOK §6, §8).
 * - `code`, `rule`: from `RULES`;
 * - `orgId`: the organisation concerned (the applicant/member sharing something with the poster, or the org
 *   whose USCC region differs from its declared region);
 * - `evidence`: the facts found, as strings: `SHARED_LEGAL_REPRESENTATIVE` → `{ posterOrgId,
 *   legalRepresentative }`; `SHARED_CONTACT` → `{ posterOrgId, channel: 'phone' | 'email', value }` (normalised
 *   value); `USCC_REGION_MISMATCH` → `{ uscc, usccRegionCode, regionCode }`.
 */
export interface Warning {
  code: WarningCode;
  rule: string;
  orgId: string;
  message: string;
  evidence: Record<string, string>;
}

/**
 * Outcome of an eligibility check: `eligible` is `blocks.length === 0`. Blocks are sorted by code in
 * `BLOCK_CODES` order, then `orgId`, then path; warnings by code in `WARNING_CODES` order, then `orgId`, then
 * evidence.
 */
export interface EligibilityResult {
  eligible: boolean;
  blocks: Block[];
  warnings: Warning[];
}

/**
 * Optional context of `checkPosterEligibility`: other organisations (for USCC identity) and control edges (to
 * detect a poster that is a branch, and credit records of its head office).
 */
export interface PosterContext {
  orgs?: OrgFactsInput;
  edges?: ControlEdge[];
}

/** Organisation types that count as an enterprise (企业) for `004 §4(二)`, `§5`, `§8`. */
export const ENTERPRISE_TYPES: readonly OrgType[] = ENTERPRISE_ORG_TYPES;

/** True when `type` is an enterprise (`OrgType.Enterprise` or `OrgType.TechEnterprise`). */
export function isEnterprise(type: OrgType | null | undefined): boolean {
  return type != null && ENTERPRISE_TYPES.includes(type);
}

/** Trimmed, upper-cased USCC, or `null` when absent or blank. */
export function normalizeUscc(uscc: string | null | undefined): string | null {
  if (typeof uscc !== 'string') return null;
  const u = uscc.trim().toUpperCase();
  return u === '' ? null : u;
}

/**
 * Normalises a phone number for comparison: digits only, a leading country code `86` / `0086` removed from
 * mobile numbers (e.g. `+86 138-0000-0000` → `13800000000`). `null` when no digits remain.
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (typeof phone !== 'string') return null;
  let d = phone.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('861')) d = d.slice(2);
  return d === '' ? null : d;
}

/** Normalises an e-mail address for comparison (trimmed, lower-cased); `null` when blank. */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (typeof email !== 'string') return null;
  const e = email.trim().toLowerCase();
  return e === '' ? null : e;
}

/** Normalises a person's name (trimmed, inner whitespace removed); `null` when blank. */
export function normalizePersonName(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  const n = name.replace(/\s+/g, '');
  return n === '' ? null : n;
}

const CREDIT_KIND_LABELS: Record<CreditRecordKind, string> = {
  blacklist: '科研失信(黑名单)记录',
  joint_punishment: '联合惩戒名单',
};

/** Everything derived once from the input and shared by the individual checks. */
interface Context {
  asOf: string;
  facts: Map<string, OrgFacts>;
  /** Control arcs plus identity arcs (branch ↔ head office, same USCC). */
  entityGraph: ControlGraph;
  /** Identity arcs only: connected components are legal entities. */
  identityGraph: ControlGraph;
  /** branch id → its head offices (in-force branch edges), sorted. */
  headOffices: Map<string, string[]>;
  /** org id → credit records in force at `asOf`, sorted. */
  credit: Map<string, CreditRecord[]>;
}

function toFactsMap(orgs: OrgFactsInput | undefined): Map<string, OrgFacts> {
  const out = new Map<string, OrgFacts>();
  if (!orgs) return out;
  const entries: Iterable<[string, OrgFacts]> =
    orgs instanceof Map ? (orgs as ReadonlyMap<string, OrgFacts>).entries() : Object.entries(orgs);
  for (const [key, facts] of entries) {
    if (!facts) continue;
    if (facts.id !== key) throw new RangeError(`orgs key ${key} does not match OrgFacts.id ${String(facts.id)}`);
    out.set(key, facts);
  }
  return out;
}

function buildContext(
  facts: Map<string, OrgFacts>,
  edges: readonly ControlEdge[],
  creditRecords: readonly CreditRecord[],
  asOf: string,
): Context {
  const day = toCalendarDay(asOf);
  const controlArcs: ControlArc[] = [];
  const identityArcs: ControlArc[] = [];
  const heads = new Map<string, Set<string>>();
  for (const edge of edges) {
    const problem = validateControlEdge(edge);
    if (problem) throw new RangeError(`invalid control edge ${JSON.stringify(edge)}: ${problem}`);
    if (!confersControl(edge) || !isInForce(edge.validFrom, edge.validTo, day)) continue;
    const { controllerOrgId: from, controlledOrgId: to } = edge;
    if (from === to) continue;
    if (edge.kind === 'branch') {
      // 分公司 and 总公司 are one legal entity: an identity hop both ways, not a subsidiary.
      identityArcs.push({ from, to, label: BRANCH_LABEL, rank: 0 });
      identityArcs.push({ from: to, to: from, label: HEAD_OFFICE_LABEL, rank: 0 });
      let s = heads.get(to);
      if (!s) heads.set(to, (s = new Set()));
      s.add(from);
    } else {
      controlArcs.push({ from, to, label: controlLabel(edge), rank: controlRank(edge) });
    }
  }
  const byUscc = new Map<string, string[]>();
  for (const f of facts.values()) {
    const u = normalizeUscc(f.uscc);
    if (!u) continue;
    let ids = byUscc.get(u);
    if (!ids) byUscc.set(u, (ids = []));
    ids.push(f.id);
  }
  for (const ids of byUscc.values()) {
    for (const a of ids) {
      for (const b of ids) if (a !== b) identityArcs.push({ from: a, to: b, label: SAME_USCC_LABEL, rank: 0 });
    }
  }
  const credit = new Map<string, CreditRecord[]>();
  for (const r of creditRecords) {
    const validity = {
      validFrom: toCalendarDay(r.validFrom),
      validTo: r.validTo == null ? null : toCalendarDay(r.validTo),
    };
    if (!creditRecordInForce(validity, day)) continue;
    let list = credit.get(r.orgId);
    if (!list) credit.set(r.orgId, (list = []));
    list.push(r);
  }
  for (const list of credit.values()) list.sort(compareCredit);
  const headOffices = new Map<string, string[]>();
  for (const [branch, s] of heads) headOffices.set(branch, [...s].sort(compareStrings));
  return {
    asOf: day,
    facts,
    entityGraph: graphFromArcs([...identityArcs, ...controlArcs]),
    identityGraph: graphFromArcs(identityArcs),
    headOffices,
    credit,
  };
}

function compareCredit(a: CreditRecord, b: CreditRecord): number {
  return (
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.validFrom, b.validFrom) ||
    compareStrings(a.validTo ?? '', b.validTo ?? '') ||
    compareStrings(a.source, b.source)
  );
}

function nameOf(ctx: Context, id: string): string {
  const f = ctx.facts.get(id);
  return f && f.name ? `“${f.name}”` : `“${id}”`;
}

function pathText(ctx: Context, path: readonly string[]): string {
  return formatControlPath(path, (id) => nameOf(ctx, id));
}

function block(code: BlockCode, orgId: string, path: string[], message: string): Block {
  return { code, rule: RULES[code].rule, orgId, path, message };
}

function warning(code: WarningCode, orgId: string, evidence: Record<string, string>, message: string): Warning {
  return { code, rule: RULES[code].rule, orgId, message, evidence };
}

/** The legal entity of `org`: itself and every org reachable through identity hops, with the identity path. */
function entityOf(ctx: Context, org: string): Map<string, ControlPath> {
  const m = controlledBy(ctx.identityGraph, org);
  m.set(org, [org]);
  return m;
}

/** Credit blocks for `org`: records in force on it or on another record of the same legal entity. */
function creditBlocks(ctx: Context, org: string, role: string): Block[] {
  const out: Block[] = [];
  for (const [listed, idPath] of entityOf(ctx, org)) {
    const records = ctx.credit.get(listed);
    if (!records || records.length === 0) continue;
    const what = records
      .map(
        (r) => `${CREDIT_KIND_LABELS[r.kind]}(来源:${r.source},${r.validFrom}起${r.validTo ? `至${r.validTo}` : ''})`,
      )
      .join('、');
    const via = listed === org ? '' : `其同一法律主体${nameOf(ctx, listed)}(${pathText(ctx, idPath)})`;
    out.push(
      block(
        'CREDIT_BLACKLISTED',
        org,
        listed === org ? [] : idPath,
        `${role}${nameOf(ctx, org)}${via}在${ctx.asOf}有效的${what},不得参与揭榜挂帅项目。`,
      ),
    );
  }
  return out;
}

/** Head office of a branch (smallest id when the data names several), or `undefined`. */
function headOfficeOf(ctx: Context, org: string): string | undefined {
  return ctx.headOffices.get(org)?.[0];
}

/**
 * Blocks about the poster alone: `POSTER_NOT_ELIGIBLE` (challenge, `004 §5`), `CREDIT_BLACKLISTED`, and — when
 * `posting` (the poster's own posting, not an applicant's application to a listing staff have published) —
 * `ACHIEVEMENT_POSTER_NOT_ELIGIBLE` (achievement, `004 §7`).
 */
function posterBlocks(ctx: Context, kind: ListingKind, posterId: string, posting: boolean): Block[] {
  const out: Block[] = [];
  const f = ctx.facts.get(posterId);
  if (!f) {
    out.push(block('ORG_NOT_VERIFIED', posterId, [], `未找到发榜方${nameOf(ctx, posterId)}的单位登记信息,无法核验。`));
  } else if (kind === ListingKind.Challenge) {
    const reasons: string[] = [];
    const head = headOfficeOf(ctx, posterId);
    if (!isEnterprise(f.type)) reasons.push('不是企业');
    if (!isInRegion(f.regionCode))
      reasons.push(f.regionCode ? `注册地区${f.regionCode}不在自治区内` : '未登记注册地区');
    if (head !== undefined) reasons.push(`是${nameOf(ctx, head)}的分公司,不具有独立法人资格`);
    else if (!f.independentLegalPerson) reasons.push('不具有独立法人资格');
    if (reasons.length > 0) {
      out.push(
        block(
          'POSTER_NOT_ELIGIBLE',
          posterId,
          head !== undefined ? [head, BRANCH_LABEL, posterId] : [],
          `技术攻关类榜单的发榜方应为自治区内具有独立法人资格的企业,发榜方${nameOf(ctx, posterId)}${reasons.join('、')}。`,
        ),
      );
    }
  } else if (posting && !mayPostAchievement(f.type, f.partner4x8xN === true)) {
    out.push(
      block(
        'ACHIEVEMENT_POSTER_NOT_ELIGIBLE',
        posterId,
        [],
        `成果转化类榜单的发榜方应为科技兴蒙"4+8+N"合作主体,或拥有自主知识产权的高校、科研机构、科技型企业;发榜方${nameOf(ctx, posterId)}为${ORG_TYPE_LABELS[f.type] ?? f.type},且未登记为"4+8+N"合作主体。`,
      ),
    );
  }
  out.push(...creditBlocks(ctx, posterId, '发榜方'));
  return out;
}

/** Blocks about an applicant (lead or member) compared with the poster, plus its own qualifications. */
function applicantBlocks(
  ctx: Context,
  kind: ListingKind,
  posterId: string,
  org: string,
  isLead: boolean,
  role: string,
  poster: { entity: Map<string, ControlPath>; down: Map<string, ControlPath>; up: Map<string, ControlPath> },
): Block[] {
  const out: Block[] = [];
  const f = ctx.facts.get(org);
  const who = `${role}${nameOf(ctx, org)}`;
  const posterName = `发榜方${nameOf(ctx, posterId)}`;

  // 1. Same entity / subsidiary / controller / sister (004 §4, §6, §8; RULEBOOK §6).
  const same = poster.entity.get(org);
  if (same) {
    const how =
      org === posterId
        ? '即发榜方本身'
        : same.includes(SAME_USCC_LABEL) && !same.includes(BRANCH_LABEL) && !same.includes(HEAD_OFFICE_LABEL)
          ? `与发榜方统一社会信用代码相同(${pathText(ctx, same)})`
          : `与发榜方为同一法律主体(总公司与分公司:${pathText(ctx, same)})`;
    out.push(block('SAME_ENTITY', org, same, `${who}${how},与发榜方不能为同一单位。`));
  } else {
    const sub = poster.down.get(org);
    const ctl = poster.up.get(org);
    if (sub) {
      out.push(
        block(
          'SUBSIDIARY_OF_POSTER',
          org,
          sub,
          `${who}是${posterName}的下属子公司(控制链:${pathText(ctx, sub)}),不得揭榜。`,
        ),
      );
    }
    if (ctl) {
      out.push(
        block(
          'CONTROLLER_OF_POSTER',
          org,
          ctl,
          `${who}控制${posterName}(控制链:${pathText(ctx, ctl)}),属同一集团内部资金流转,不得揭榜。`,
        ),
      );
    }
    if (!sub && !ctl) {
      const mine = controllersOf(ctx.entityGraph, org);
      const ownEntity = entityOf(ctx, org);
      let best: { x: string; a: ControlPath; p: ControlPath; len: number } | undefined;
      for (const [x, toOrg] of mine) {
        const toPoster = poster.up.get(x);
        if (!toPoster || poster.entity.has(x) || ownEntity.has(x)) continue;
        const len = hopCount(toOrg) + hopCount(toPoster);
        if (!best || len < best.len || (len === best.len && compareStrings(x, best.x) < 0)) {
          best = { x, a: toOrg, p: toPoster, len };
        }
      }
      if (best) {
        const path = [...best.a, PATH_SEPARATOR, ...best.p];
        out.push(
          block(
            'COMMON_CONTROLLER',
            org,
            path,
            `${who}与${posterName}同受${nameOf(ctx, best.x)}控制(${pathText(ctx, path)}),属同一集团内部资金流转,不得揭榜。`,
          ),
        );
      }
    }
  }

  // 2. Own qualifications.
  if (!f) {
    out.push(block('ORG_NOT_VERIFIED', org, [], `未找到${who}的单位登记信息,无法核验。`));
  } else {
    if (!f.verified) out.push(block('ORG_NOT_VERIFIED', org, [], `${who}的单位信息尚未经科技厅核验。`));
    if (isLead) {
      const head = headOfficeOf(ctx, org);
      if (head !== undefined) {
        out.push(
          block(
            'NOT_INDEPENDENT_LEGAL_PERSON',
            org,
            [head, BRANCH_LABEL, org],
            `${who}是${nameOf(ctx, head)}的分公司,不具有独立法人资格,不能作为揭榜牵头方。`,
          ),
        );
      } else if (!f.independentLegalPerson) {
        out.push(block('NOT_INDEPENDENT_LEGAL_PERSON', org, [], `${who}不具有独立法人资格,不能作为揭榜牵头方。`));
      }
      if (kind === ListingKind.Achievement) {
        if (!isEnterprise(f.type)) {
          out.push(
            block(
              'TAKER_NOT_ENTERPRISE',
              org,
              [],
              `成果转化类榜单应由企业牵头揭榜,${who}的单位类型为“${ORG_TYPE_LABELS[f.type] ?? f.type}”;高校、科研院所只能作为联合体成员参与。`,
            ),
          );
        }
        if (!isInRegion(f.regionCode)) {
          out.push(
            block(
              'TAKER_NOT_IN_REGION',
              org,
              [],
              `成果转化类榜单的揭榜方应为自治区内企业,${who}${f.regionCode ? `注册地区为${f.regionCode}` : '未登记注册地区'}。`,
            ),
          );
        }
      }
    }
  }

  // 3. Credit (004 §14).
  out.push(...creditBlocks(ctx, org, role));
  return out;
}

/** `USCC_REGION_MISMATCH`: USCC characters 3–8 name a different province (first two digits) than `regionCode`. */
function regionMismatch(f: OrgFacts | undefined, role: string): Warning[] {
  if (!f) return [];
  const uscc = normalizeUscc(f.uscc);
  const region = typeof f.regionCode === 'string' ? f.regionCode.trim() : '';
  if (!uscc || uscc.length !== 18 || !/^\d{6}$/.test(uscc.slice(2, 8)) || !/^\d{2}/.test(region)) return [];
  const usccRegion = uscc.slice(2, 8);
  if (usccRegion.slice(0, 2) === region.slice(0, 2)) return [];
  return [
    warning(
      'USCC_REGION_MISMATCH',
      f.id,
      { uscc, usccRegionCode: usccRegion, regionCode: region },
      `${role}“${f.name}”统一社会信用代码中的登记机关区划${usccRegion}与申报的注册地区${region}不在同一省级行政区,请人工核实(提示,不构成否决)。`,
    ),
  ];
}

/** Shared legal representative / contacts between the poster and an applicant (RULEBOOK §6). */
function sharedHints(poster: OrgFacts | undefined, f: OrgFacts | undefined, role: string): Warning[] {
  if (!poster || !f) return [];
  const out: Warning[] = [];
  const who = `${role}“${f.name}”`;
  const rep = normalizePersonName(f.legalRepresentative);
  if (rep && rep === normalizePersonName(poster.legalRepresentative)) {
    out.push(
      warning(
        'SHARED_LEGAL_REPRESENTATIVE',
        f.id,
        { posterOrgId: poster.id, legalRepresentative: rep },
        `${who}与发榜方“${poster.name}”的法定代表人同为${rep},可能存在关联关系,请人工核实(提示,不构成否决)。`,
      ),
    );
  }
  const channels: Array<['phone' | 'email', string, (v: string) => string | null, string[], string[]]> = [
    ['phone', '联系电话', normalizePhone, poster.contactPhones ?? [], f.contactPhones ?? []],
    ['email', '电子邮箱', normalizeEmail, poster.contactEmails ?? [], f.contactEmails ?? []],
  ];
  for (const [channel, label, norm, mine, theirs] of channels) {
    const posterValues = new Set(mine.map(norm).filter((v): v is string => v !== null));
    const shared = new Set(theirs.map(norm).filter((v): v is string => v !== null && posterValues.has(v)));
    for (const value of shared) {
      out.push(
        warning(
          'SHARED_CONTACT',
          f.id,
          { posterOrgId: poster.id, channel, value },
          `${who}与发榜方“${poster.name}”使用相同的${label}${value},可能存在关联关系,请人工核实(提示,不构成否决)。`,
        ),
      );
    }
  }
  return out;
}

function evidenceKey(e: Record<string, string>): string {
  return Object.keys(e)
    .sort(compareStrings)
    .map((k) => `${k}=${e[k]}`)
    .join('\u0000');
}

function finish(blocks: Block[], warnings: Warning[]): EligibilityResult {
  const bIdx = (c: BlockCode) => BLOCK_CODES.indexOf(c);
  const wIdx = (c: WarningCode) => WARNING_CODES.indexOf(c);
  const sortedBlocks = dedupe(blocks, (b) => `${b.code}\u0001${b.orgId}\u0001${b.path.join('\u0000')}`).sort(
    (a, b) =>
      bIdx(a.code) - bIdx(b.code) ||
      compareStrings(a.orgId, b.orgId) ||
      compareStrings(a.path.join('\u0000'), b.path.join('\u0000')) ||
      compareStrings(a.message, b.message),
  );
  const sortedWarnings = dedupe(warnings, (w) => `${w.code}\u0001${w.orgId}\u0001${evidenceKey(w.evidence)}`).sort(
    (a, b) =>
      wIdx(a.code) - wIdx(b.code) ||
      compareStrings(a.orgId, b.orgId) ||
      compareStrings(evidenceKey(a.evidence), evidenceKey(b.evidence)),
  );
  return { eligible: sortedBlocks.length === 0, blocks: sortedBlocks, warnings: sortedWarnings };
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const it of items) if (!seen.has(key(it))) seen.set(key(it), it);
  return [...seen.values()];
}

function assertKind(kind: ListingKind): void {
  if (kind !== ListingKind.Challenge && kind !== ListingKind.Achievement) {
    throw new RangeError(`unknown listing kind: ${String(kind)}`);
  }
}

/**
 * May this poster publish a listing of this kind? (发榜资格)
 * - `POSTER_NOT_ELIGIBLE` (`004 §5`): a tech-challenge (`ListingKind.Challenge`) poster must be an enterprise
 *   (`Enterprise`/`TechEnterprise`), in region (`15xxxx`), and an independent legal person (not a branch:
 *   `independentLegalPerson: true` and no in-force `branch` edge pointing at it in `context.edges`).
 * - `ACHIEVEMENT_POSTER_NOT_ELIGIBLE` (`004 §4(二), §7`): an achievement poster must be a 4+8+N partner
 *   (`partner4x8xN`) or a university, research institute or technology enterprise (`mayPostAchievement`);
 *   anywhere in China. That it owns the listed IP is a fact of the listing (`ownIpRefusal` of `@jiebang/policy`).
 *   Checked when posting only: an applicant is not refused for the poster of a listing staff screened and published.
 * - `CREDIT_BLACKLISTED` (`004 §14`): a credit record in force at `asOf` on the poster, or on another record of
 *   the same legal entity (same USCC among `context.orgs`, or its head office / branches via `context.edges`).
 * - Warning `USCC_REGION_MISMATCH` (RULEBOOK §8).
 * Staff verification of the poster is not checked here (the caller's posting workflow owns it).
 * @throws RangeError on a malformed date, edge or listing kind.
 */
export function checkPosterEligibility(
  kind: ListingKind,
  posterFacts: OrgFacts,
  creditRecords: readonly CreditRecord[],
  asOf: string,
  context: PosterContext = {},
): EligibilityResult {
  assertKind(kind);
  const facts = toFactsMap(context.orgs);
  facts.set(posterFacts.id, posterFacts);
  const ctx = buildContext(facts, context.edges ?? [], creditRecords, asOf);
  return finish(posterBlocks(ctx, kind, posterFacts.id, true), regionMismatch(posterFacts, '发榜方'));
}

/**
 * 揭榜资格审查: may `applicantOrgId` (alone, or leading `memberOrgIds`) take up the listing at `asOf`?
 *
 * Blocks (each with `RULES[code].rule`):
 * - `SAME_ENTITY` (`004 §4(一)(二), §6, §8`): lead or member is the poster — same id, equal USCC, or branch ↔
 *   head office (a 分公司 is its 总公司's legal entity, never its subsidiary);
 * - `SUBSIDIARY_OF_POSTER` (same articles): controlled by the poster at any depth (equity > 50 %, agreement,
 *   possibly through branches); path poster → org;
 * - `CONTROLLER_OF_POSTER` (RULEBOOK §6): controls the poster at any depth; path org → poster;
 * - `COMMON_CONTROLLER` (RULEBOOK §6): another organisation X controls both (checked only when neither of the
 *   two above holds); X is the one with the shortest combined chain (ties: smallest id); path
 *   `[X … org, '|', X … poster]`;
 * - `TAKER_NOT_ENTERPRISE`, `TAKER_NOT_IN_REGION` (`004 §4(二), §8`): achievement listing, lead only (members may
 *   be universities and institutes);
 * - `NOT_INDEPENDENT_LEGAL_PERSON` (`004 §4(二), §5, §8`): the lead (any listing kind) is a branch (in-force
 *   `branch` edge) or `independentLegalPerson: false`;
 * - `POSTER_NOT_ELIGIBLE` (`004 §5`): see `checkPosterEligibility`;
 * - `CREDIT_BLACKLISTED` (`004 §14`): a credit record in force at `asOf` on the poster, lead or any member, or on
 *   another record of the same legal entity (same USCC, branch ↔ head office);
 * - `ORG_NOT_VERIFIED` (RULEBOOK §1): lead or member not verified by staff, or any party missing from `orgs`
 *   (fail closed).
 * Every member is checked against the poster exactly like the lead.
 *
 * Warnings (never blocks): `SHARED_LEGAL_REPRESENTATIVE`, `SHARED_CONTACT` (phone or e-mail) between the poster
 * and the lead/any member not already the same entity (RULEBOOK §6); `USCC_REGION_MISMATCH` for any party whose
 * USCC region (characters 3–8) names another province than its `regionCode` (RULEBOOK §8).
 *
 * Deterministic: the same facts in any order (edges, credit records, orgs, members) give an identical result.
 * Cost: a constant number of BFS over the control graph per party; no all-pairs closure.
 * @throws RangeError on a malformed date, edge, listing kind, or an `orgs` key not equal to its `id`.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  return checkEligibilityMany(input, [{ applicantOrgId: input.applicantOrgId, memberOrgIds: input.memberOrgIds }])[0];
}

/**
 * `checkEligibility` for many applicants of one listing over the same facts: the control graph and the poster's
 * closure are built once (ranking re-checks a page of candidates this way). The i-th result is exactly what
 * `checkEligibility` gives for the i-th applicant.
 */
export function checkEligibilityMany(
  input: Omit<EligibilityInput, 'applicantOrgId' | 'memberOrgIds'>,
  applicants: readonly { applicantOrgId: string; memberOrgIds?: string[] }[],
): EligibilityResult[] {
  const { listing } = input;
  assertKind(listing.kind);
  const posterId = listing.posterOrgId;
  const ctx = buildContext(toFactsMap(input.orgs), input.edges, input.creditRecords, input.asOf);
  const poster = {
    entity: entityOf(ctx, posterId),
    down: controlledBy(ctx.entityGraph, posterId),
    up: controllersOf(ctx.entityGraph, posterId),
  };
  const posterFacts = ctx.facts.get(posterId);
  const posterSide = posterBlocks(ctx, listing.kind, posterId, false);
  return applicants.map(({ applicantOrgId, memberOrgIds }) => {
    const members = [...new Set(memberOrgIds ?? [])].filter((m) => m !== applicantOrgId).sort(compareStrings);
    const leadRole = members.length > 0 ? '联合体牵头方' : '揭榜方';
    const blocks: Block[] = [...posterSide];
    const warnings: Warning[] = [...regionMismatch(posterFacts, '发榜方')];
    const applicants: Array<[string, boolean, string]> = [
      [applicantOrgId, true, leadRole],
      ...members.map((m): [string, boolean, string] => [m, false, '联合体成员']),
    ];
    for (const [org, isLead, role] of applicants) {
      blocks.push(...applicantBlocks(ctx, listing.kind, posterId, org, isLead, role, poster));
      if (org !== posterId) warnings.push(...regionMismatch(ctx.facts.get(org), role));
      if (!poster.entity.has(org)) warnings.push(...sharedHints(posterFacts, ctx.facts.get(org), role));
    }
    return finish(blocks, warnings);
  });
}
