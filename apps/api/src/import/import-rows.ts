import {
  ErrorCode,
  AchievementType,
  Field,
  IpType,
  ListingKind,
  MoneyFormatError,
  OrgType,
  parseFieldLabel,
  ResultType,
  validateUscc,
  wanToFen,
} from '@jiebang/contracts';

/**
 * Pure validation of import rows in the shape of `shared/data/*.json` (organisations and listings).
 * Each row becomes either a normalised record or a rejection with a machine-readable code.
 */

/** Why a row was refused. */
export interface RowRejection {
  section: 'organizations' | 'listings' | 'controls';
  index: number;
  key: string;
  code: ErrorCode;
  message: string;
}

/** A valid organisation row. */
export interface OrgRow {
  name: string;
  shortName: string | null;
  formerNames: string[];
  type: OrgType;
  sourceCategory: string | null;
  uscc: string | null;
  regionCode: string | null;
  address: string | null;
  registeredCapitalFen: string | null;
  legalRepresentative: string | null;
  note: string | null;
  sourceUrls: string[];
  /** Third-party copies of the sources (`mirrorSource`): for staff and auditors, never linked publicly. */
  mirrorUrls: string[];
  mainBusiness: string | null;
  /** `null` keeps what the database has; only operator imports (the demo seed) set it. */
  verified: boolean | null;
  independentLegalPerson: boolean;
  /** Parent organisations as the source names them (`parent`, `;`-separated for joint ventures). */
  parentNames: string[];
  /** The source's words for the relation to the parent (`relation`), e.g. `subsidiary (61.20%)`. */
  relation: string | null;
}

/** A valid control-edge row (`controls` section). `equityPct` is percent 0–100. */
export interface ControlRow {
  controllerUscc: string;
  controlledUscc: string;
  equityPct: string | null;
  kind: 'equity' | 'agreement' | 'branch';
  validFrom: string | null;
  validTo: string | null;
  source: string;
}

/** A valid listing row; `granularity: 'list'` rows become announcements. */
export interface ListingRow {
  granularity: 'item' | 'list';
  kind: ListingKind;
  field: Field | null;
  title: string;
  /** The poster as the source writes it, remarks included (used to find or create the organisation). */
  posterName: string;
  /** The poster as the board shows it: the source's remarks about itself removed (`publicPosterName`). */
  publicPosterName: string;
  posterUscc: string | null;
  regionCode: string | null;
  sourceYear: number | null;
  note: string | null;
  inferredFields: string[];
  sourceUrls: string[];
  /** Third-party copies of the sources (`mirrorSource`): for staff and auditors, never linked publicly. */
  mirrorUrls: string[];
  totalInvestmentFen: string | null;
  summary: string | null;
  team: string | null;
  suggestedTimeLimit: string | null;
  resultType: ResultType | null;
  achievementType: AchievementType | null;
  hasOwnIp: boolean | null;
  ipTypes: IpType[];
}

/** Source categories of `shared/data/orgs.json` → `OrgType`. Our own enum values are accepted as they are. */
const ORG_TYPE_BY_CATEGORY: Record<string, OrgType> = {
  enterprise: OrgType.Enterprise,
  'listed-enterprise': OrgType.Enterprise,
  'finance-company': OrgType.Enterprise,
  branch: OrgType.Enterprise,
  'research-institute': OrgType.ResearchInstitute,
  lab: OrgType.ResearchInstitute,
  university: OrgType.University,
  'innovation-center': OrgType.InnovationCenter,
};

/** Maps a source category such as `enterprise(state-owned)` or `innovation-center(enterprise)`. */
export function mapOrgType(category: string): OrgType | undefined {
  if ((Object.values(OrgType) as string[]).includes(category)) return category as OrgType;
  const head = category.replace(/\(.*$/, '').trim();
  return ORG_TYPE_BY_CATEGORY[head];
}

class RowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Raw = Record<string, unknown>;

function str(r: Raw, k: string, opts: { required?: boolean; max?: number } = {}): string | null {
  const v = r[k];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (opts.required) throw new RowError('FIELD_REQUIRED', `缺少必填字段 ${k}`);
    return null;
  }
  if (typeof v !== 'string') throw new RowError('FIELD_TYPE', `字段 ${k} 应为文本`);
  const s = v.trim();
  if (opts.max && [...s].length > opts.max) {
    throw new RowError('FIELD_TOO_LONG', `字段 ${k} 超过 ${opts.max} 字(当前 ${[...s].length} 字)`);
  }
  return s;
}

function strList(r: Raw, k: string): string[] {
  const v = r[k];
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    throw new RowError('FIELD_TYPE', `字段 ${k} 应为文本数组`);
  }
  return list.map((x: string) => x.trim()).filter(Boolean);
}

function regionCode(r: Raw): string | null {
  const v = r.regionCode;
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !/^\d{6}$/.test(v)) {
    throw new RowError('REGION_CODE_FORMAT', `regionCode 应为6位行政区划代码(GB/T 2260): ${String(v)}`);
  }
  return v;
}

function wanField(r: Raw, k: string): string | null {
  const v = r[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new RowError('AMOUNT_FORMAT', `字段 ${k} 应为金额(万元)`);
  try {
    return wanToFen(v).toString();
  } catch (e) {
    if (e instanceof MoneyFormatError) throw new RowError('AMOUNT_FORMAT', `${k}: ${e.message}`);
    throw e;
  }
}

function oneOf<T extends string>(r: Raw, k: string, values: readonly T[]): T | null {
  const v = r[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new RowError('FIELD_VALUE', `字段 ${k} 的值 ${String(v)} 不在允许范围内: ${values.join(', ')}`);
  }
  return v as T;
}

function uscc(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  const r = validateUscc(String(v));
  if (!r.valid) throw new RowError(r.code, `${r.message}: ${String(v)}`);
  return r.uscc;
}

/** Validates one organisation row; throws nothing, returns the row or a rejection. */
export function parseOrgRow(raw: unknown, index: number): OrgRow | RowRejection {
  const r = (raw ?? {}) as Raw;
  const key = typeof r.name === 'string' ? r.name : `#${index}`;
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowError('ROW_FORMAT', '行应为对象');
    const name = str(r, 'name', { required: true, max: 200 }) as string;
    const category = str(r, 'type', { required: true }) as string;
    const type = mapOrgType(category);
    if (!type) throw new RowError('ORG_TYPE_UNKNOWN', `未知的单位类型: ${category}`);
    return {
      name,
      shortName: str(r, 'shortName', { max: 100 }),
      formerNames: strList(r, 'formerNames'),
      type,
      sourceCategory: category,
      uscc: uscc(r.uscc),
      regionCode: regionCode(r),
      address: str(r, 'address', { max: 300 }) ?? str(r, 'region', { max: 300 }),
      registeredCapitalFen: wanField(r, 'registeredCapitalWan'),
      legalRepresentative: str(r, 'legalRepresentative', { max: 100 }),
      note: str(r, 'note', { max: 3000 }),
      sourceUrls: strList(r, 'source'),
      mirrorUrls: strList(r, 'mirrorSource'),
      mainBusiness: str(r, 'mainBusiness', { max: 2000 }),
      verified: typeof r.verified === 'boolean' ? r.verified : null,
      independentLegalPerson: !(category === 'branch' || /分公司$/.test(name)),
      parentNames: (str(r, 'parent', { max: 500 }) ?? '')
        .split(/[;;]/)
        .map((p) => p.trim())
        .filter(Boolean),
      relation: str(r, 'relation', { max: 500 }),
    };
  } catch (e) {
    if (e instanceof RowError) return { section: 'organizations', index, key, code: e.code, message: e.message };
    throw e;
  }
}

/** Validates one listing row (`granularity` `item` or `list`); returns the row or a rejection. */
export function parseListingRow(raw: unknown, index: number): ListingRow | RowRejection {
  const r = (raw ?? {}) as Raw;
  const key = typeof r.title === 'string' ? r.title : `#${index}`;
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowError('ROW_FORMAT', '行应为对象');
    const granularity = oneOf(r, 'granularity', ['item', 'list'] as const) ?? 'item';
    const kind = oneOf(r, 'kind', Object.values(ListingKind));
    if (!kind) throw new RowError('FIELD_REQUIRED', '缺少必填字段 kind(challenge 或 achievement)');
    const fieldText = str(r, 'field');
    const field = fieldText
      ? (Object.values(Field) as string[]).includes(fieldText)
        ? (fieldText as Field)
        : (parseFieldLabel(fieldText) ?? null)
      : null;
    if (fieldText && !field) throw new RowError('FIELD_UNKNOWN', `聚焦领域不属于五大领域: ${fieldText}`);
    if (!field && granularity === 'item') throw new RowError('FIELD_REQUIRED', '单项榜单必须属于五大领域之一');
    const poster = str(r, 'poster', { required: true, max: 300 }) as string;
    const year = r.year;
    if (
      year !== undefined &&
      year !== null &&
      (!Number.isInteger(year) || (year as number) < 1949 || (year as number) > 2100)
    ) {
      throw new RowError('YEAR_FORMAT', `year 应为四位年份: ${String(year)}`);
    }
    return {
      granularity,
      kind,
      field,
      title: str(r, 'title', { required: true, max: 500 }) as string,
      posterName: poster,
      publicPosterName: publicPosterName(poster),
      posterUscc: uscc(r.posterUscc),
      regionCode: regionCode(r),
      sourceYear: (year as number | undefined) ?? null,
      // The source's own remark about its poster is provenance: kept in the (staff-only) note.
      note:
        [str(r, 'note', { max: 3000 }), publicPosterName(poster) !== poster ? `发榜方原文:${poster}` : null]
          .filter(Boolean)
          .join(';') || null,
      inferredFields: strList(r, 'inferred'),
      sourceUrls: strList(r, 'source'),
      mirrorUrls: strList(r, 'mirrorSource'),
      totalInvestmentFen: wanField(r, 'totalInvestmentWan') ?? wanField(r, 'amountWan'),
      summary: str(r, 'summary', { max: 3000 }),
      team: str(r, 'team', { max: 1000 }),
      suggestedTimeLimit: str(r, 'suggestedTimeLimit', { max: 100 }),
      resultType: oneOf(r, 'resultType', Object.values(ResultType)),
      achievementType: oneOf(r, 'achievementType', Object.values(AchievementType)),
      hasOwnIp: typeof r.hasOwnIp === 'boolean' ? r.hasOwnIp : null,
      ipTypes: strList(r, 'ipTypes').map((t) => {
        if (!(Object.values(IpType) as string[]).includes(t))
          throw new RowError('FIELD_VALUE', `未知的知识产权类型: ${t}`);
        return t as IpType;
      }),
    };
  } catch (e) {
    if (e instanceof RowError) return { section: 'listings', index, key, code: e.code, message: e.message };
    throw e;
  }
}

/** What the board shows when the source names no poster, only a remark about it (e.g. `(完成单位未见于摘录)`). */
export const UNNAMED_POSTER = '来源未载明发榜单位';

/**
 * The poster as the public board shows it (issue 16 item 14): a remark of the source about its own text — a
 * trailing parenthesis saying where the name came from or that it was not found (来源, 摘录, 未见, 未在…写明, 同上)
 * — is dropped (`中煤能源化工有限公司(来源原文称谓)` → `中煤能源化工有限公司`); a text that is only such a remark gives
 * `UNNAMED_POSTER`. Informative remarks (`中车株洲所(储能系统设备第一中标候选人)`) stay.
 */
export function publicPosterName(poster: string): string {
  const t = poster.trim();
  const name = posterOrgName(t);
  if (name === null) return UNNAMED_POSTER;
  if (name === t) return t;
  const remark = t.slice(name.length);
  return /来源|摘录|未见|未在|写明|同上/.test(remark) ? name : t;
}

export function isRejection(x: object): x is RowRejection {
  return 'code' in x && 'section' in x;
}

/**
 * The organisation name a poster text refers to: a trailing parenthetical remark is dropped
 * (`中车株洲所(储能系统设备第一中标候选人)` → `中车株洲所`); a text that is only a remark
 * (`(完成单位未见于摘录)`) names no organisation → `null`.
 */
export function posterOrgName(poster: string): string | null {
  const t = poster.trim();
  if (t.startsWith('(') || t.startsWith('(')) return null;
  if (!t.endsWith(')') && !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i -= 1) {
    const c = t[i];
    if (c === ')' || c === ')') depth += 1;
    else if (c === '(' || c === '(') {
      depth -= 1;
      if (depth === 0) return t.slice(0, i).trim() || null;
    }
  }
  return t;
}

/** Validates one `controls` row `{ controllerUscc, controlledUscc, equityPct, kind, source, validFrom?, validTo? }`. */
export function parseControlRow(raw: unknown, index: number): ControlRow | RowRejection {
  const r = (raw ?? {}) as Raw;
  const key = `${String(r.controllerUscc)}→${String(r.controlledUscc)}`;
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowError('ROW_FORMAT', '行应为对象');
    const controllerUscc = uscc(r.controllerUscc);
    const controlledUscc = uscc(r.controlledUscc);
    if (!controllerUscc || !controlledUscc)
      throw new RowError('FIELD_REQUIRED', '缺少 controllerUscc 或 controlledUscc');
    if (controllerUscc === controlledUscc) throw new RowError('CONTROL_SELF_EDGE', '单位不能控制自身');
    const kind = oneOf(r, 'kind', ['equity', 'agreement', 'branch'] as const) ?? 'equity';
    const pct = r.equityPct;
    let equityPct: string | null = null;
    if (pct !== undefined && pct !== null && pct !== '') {
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(String(pct)) || Number(pct) > 100) {
        throw new RowError('EQUITY_PCT_FORMAT', `equityPct 应为0-100的百分数(最多2位小数): ${String(pct)}`);
      }
      equityPct = String(pct);
    }
    if (kind === 'equity' && equityPct === null) throw new RowError('FIELD_REQUIRED', '股权控制须填写 equityPct');
    const date = (k: string) => {
      const v = str(r, k);
      if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new RowError('DATE_FORMAT', `${k} 应为 YYYY-MM-DD`);
      return v;
    };
    const source = str(r, 'source', { required: true, max: 500 }) as string;
    return {
      controllerUscc,
      controlledUscc,
      equityPct,
      kind,
      validFrom: date('validFrom'),
      validTo: date('validTo'),
      source,
    };
  } catch (e) {
    if (e instanceof RowError) return { section: 'controls', index, key, code: e.code, message: e.message };
    throw e;
  }
}

/** What a `parent`/`relation` pair of `shared/data/orgs.json` says about control (RULEBOOK §6). */
export type ParentRelation =
  | { control: true; kind: 'equity'; equityPct: string }
  | { control: true; kind: 'branch'; equityPct: null }
  | { control: true; kind: 'agreement'; equityPct: string | null }
  | { control: false; reason: string };

/**
 * Reads a source's parent relation conservatively: a stated percentage is equity (control only above 50 %) —
 * unless the source names the parent the 控股股东 (controlling shareholder): then it is an explicit control relation
 * (`agreement`, keeping the percentage), as for 包钢集团 → 北方稀土 at 38.92 % (RULEBOOK §6, shared/data README); a
 * 分公司 is a branch; a joint venture of several parents, a related party, an incubation or hosting relation,
 * an explicit "not parent-child" and anything merely inferred are not control; any other stated parent is an
 * explicit control relation (`agreement`).
 */
export function readParentRelation(
  row: Pick<OrgRow, 'parentNames' | 'relation' | 'sourceCategory' | 'name'>,
): ParentRelation {
  const rel = row.relation ?? '';
  const pct = /(\d{1,3}(?:\.\d{1,2})?)\s*[%%]/.exec(rel);
  if (pct && /控股股东/.test(rel) && Number(pct[1]) <= 50) {
    return { control: true, kind: 'agreement', equityPct: pct[1] };
  }
  if (pct) return { control: true, kind: 'equity', equityPct: pct[1] };
  if (row.sourceCategory === 'branch' || /分公司/.test(rel) || /分公司$/.test(row.name)) {
    return { control: true, kind: 'branch', equityPct: null };
  }
  if (row.parentNames.length > 1 || /共同出资|合资/.test(rel)) {
    return { control: false, reason: '合资企业:来源未载明控股方,不视为任何一方控制' };
  }
  if (/非母子|非股权|关联方|孵化|依托|推断|投资|inferred/i.test(rel)) {
    return { control: false, reason: `来源表述不构成控制关系:${rel}` };
  }
  return { control: true, kind: 'agreement', equityPct: null };
}
