/**
 * The one home of the Chinese labels of a listing's fields (征集表 and the 技术攻关类 demand block): the posting
 * form's `Form.Item` labels, the list of what is still missing, the field names in server validation errors, the
 * detail page, the staff/expert content view and the explanation of 推断 fields all read them from here, so a
 * field is called the same everywhere.
 */
import { ListingKind } from '@jiebang/contracts';

/** Labels of the listing's fields, keyed by the form / DTO path (`demand.background`). */
export const LISTING_FIELD_LABELS = {
  kind: '榜单类型',
  title: '名称',
  field: '聚焦领域',
  regionCode: '所在地区',
  status: '状态',
  resultType: '成果类型',
  achievementType: '成果形态',
  hasOwnIp: '是否拥有自主知识产权',
  ipTypes: '知识产权类型',
  summary: '拟转化科技成果情况',
  team: '技术团队情况',
  suggestedTimeLimit: '建议实施时限',
  totalInvestmentWan: '项目预计总投入',
  poster: '发榜单位',
  posterType: '发榜单位类型',
  posterRegionCode: '发榜单位所在地区',
  uscc: '统一社会信用代码',
  sourceYear: '来源年份',
  note: '来源说明',
  sourceUrls: '信息来源',
  inferredFields: '推断字段',
  publishedAt: '发布时间',
  demand: '需求信息',
  'demand.background': '需求背景',
  'demand.content': '需求内容',
  'demand.keyTechnologies': '关键技术及指标',
  'demand.resultForm': '成果形式',
  'demand.takerRequirements': '揭榜方要求',
  'demand.ipOwnership': '知识产权归属',
  'demand.benefitSharing': '收益分配',
  attestPublishable: '内容不涉密承诺',
} as const;

/** A field of the listing that has a label. */
export type ListingField = keyof typeof LISTING_FIELD_LABELS;

/** The demand block's fields in display order (form, detail page, content view). */
export const DEMAND_FIELDS = [
  'demand.background',
  'demand.content',
  'demand.keyTechnologies',
  'demand.resultForm',
  'demand.takerRequirements',
  'demand.ipOwnership',
  'demand.benefitSharing',
] as const satisfies readonly ListingField[];

/** Label of the name: 需求名称 for a 技术攻关类 listing, 成果名称 otherwise. */
export function titleLabel(kind: ListingKind): string {
  return kind === ListingKind.Challenge ? '需求名称' : '成果名称';
}

/** Label of the amount: for a 成果转化类 listing it may also be the achievement's value. */
export function investmentLabel(kind: ListingKind): string {
  return kind === ListingKind.Challenge
    ? LISTING_FIELD_LABELS.totalInvestmentWan
    : `${LISTING_FIELD_LABELS.totalInvestmentWan}(或成果价值)`;
}

/**
 * Label of the description (`summary`): 拟转化科技成果情况 is a 成果转化类 item of the 征集表 (seed `004` annex 1); on a
 * 技术攻关类 listing the same text describes the demand, so it reads 需求概述 there.
 */
export function summaryLabel(kind: ListingKind): string {
  return kind === ListingKind.Challenge ? '需求概述' : LISTING_FIELD_LABELS.summary;
}

/** A 征集表 field the public listing page may show. */
export type PublicDetailField =
  | 'field'
  | 'regionCode'
  | 'resultType'
  | 'achievementType'
  | 'hasOwnIp'
  | 'ipTypes'
  | 'summary'
  | 'team'
  | 'suggestedTimeLimit'
  | 'totalInvestmentWan';

/**
 * The fields of each kind on the listing's public page, in order (issue 16 item 14; RULEBOOK §2–3): a 技术攻关类
 * listing is a demand (its 需求信息 block follows), so the achievement items of the 征集表 (成果类型, 成果形态, 自主
 * 知识产权, 知识产权类型, 技术团队) are not shown for it; a 成果转化类 listing shows the achievement's items.
 */
export const PUBLIC_DETAIL_FIELDS: Record<ListingKind, readonly PublicDetailField[]> = {
  [ListingKind.Challenge]: ['field', 'regionCode', 'summary', 'suggestedTimeLimit', 'totalInvestmentWan'],
  [ListingKind.Achievement]: [
    'field',
    'regionCode',
    'achievementType',
    'resultType',
    'hasOwnIp',
    'ipTypes',
    'summary',
    'team',
    'suggestedTimeLimit',
    'totalInvestmentWan',
  ],
};

/**
 * Fields a reader must know are missing, shown as 未公开 instead of being left out (issue 16 item 14): only the
 * amount, which a prospective applicant weighs first.
 */
export const SHOWN_WHEN_EMPTY: readonly PublicDetailField[] = ['totalInvestmentWan'];

/** Labels of the key-technology row's columns. */
export const KEY_TECHNOLOGY_LABELS = { name: '名称', targetIndicator: '目标指标' } as const;

/** Other names of the same fields (API members, DTO fields, snake case) → the label's key. */
const ALIASES: Record<string, ListingField> = {
  totalInvestmentFen: 'totalInvestmentWan',
  regionName: 'regionCode',
  posterName: 'poster',
  posterOrgType: 'posterType',
  posterUscc: 'uscc',
};

/** `poster.type` / `region_code` → `posterType` / `regionCode`. */
export function normaliseMember(name: string): string {
  return name.replace(/[._]([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The label of a field key or alias, or `undefined` when it names no field. */
function labelOf(key: string): string | undefined {
  const canonical = key in LISTING_FIELD_LABELS ? (key as ListingField) : ALIASES[key];
  return canonical ? LISTING_FIELD_LABELS[canonical] : undefined;
}

/** True when `key` (a dotted path) is a field of the form, or an alias of one. */
export function isListingField(key: string): boolean {
  return labelOf(key) !== undefined;
}

/**
 * Label of a property path such as `demand.keyTechnologies.0.name` (server validation errors, missing fields);
 * an unknown path is shown as 其他内容 rather than as a program name.
 */
export function listingFieldLabel(path: readonly (string | number)[]): string {
  const [head, second, index, leaf] = path;
  if (head === 'demand' && second === 'keyTechnologies' && typeof index === 'number') {
    const column = leaf === 'targetIndicator' ? KEY_TECHNOLOGY_LABELS.targetIndicator : KEY_TECHNOLOGY_LABELS.name;
    return `关键技术第${index + 1}项的${column}`;
  }
  return labelOf(path.map(String).join('.')) ?? '其他内容';
}

/** Chinese label of a member named in `inferredFields` (`poster.type`, `region_code`…), or 其他字段. */
export function inferredFieldLabel(name: string): string {
  return labelOf(name) ?? labelOf(normaliseMember(name)) ?? '其他字段';
}

/** Title of the form's second section: 技术与成果要求 for a 技术攻关类 listing, 成果情况 otherwise. */
export function outcomeSectionTitle(kind: ListingKind): string {
  return kind === ListingKind.Challenge ? '技术与成果要求' : '成果情况';
}
