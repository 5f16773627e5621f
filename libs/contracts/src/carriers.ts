import { IsIn, Matches } from 'class-validator';
import { SubsidyStepDto } from './deals';
import { YUAN_PATTERN } from './patterns';

/**
 * Carrier platforms (科技创新平台/载体) under seeds `000`–`003` (RULEBOOK §7): their kinds, statuses, the
 * application and evaluation vocabulary, and the shape of a programme's rule set (`CarrierRuleSet`), which is
 * versioned DATA with its source document — never constants (RULEBOOK §7 "Why seed 001 is Yunnan's").
 *
 * Money inside a rule set is integer fen as a decimal string (`"200000000"` = 2,000,000.00 CNY) so that a rule
 * set stays plain JSON; rates are basis points (2000 bp = 20 %). The pure functions that apply a rule set live in
 * `@jiebang/policy` (`libs/policy/src/carriers/`).
 */

/** 载体类型 — the five kinds of carrier of seeds `000`–`003` (RULEBOOK §7 table). */
export enum CarrierKind {
  /** 概念验证中心/平台 (`000`; `001 §2`, `§8`). */
  ConceptValidation = 'concept_validation',
  /** 科技成果转化中试基地 (`000`; `001 §2`, `§9` 中试基地（平台）). */
  PilotBase = 'pilot_base',
  /** 中试公共服务平台 (`000`; `001 §9` 中试基地（平台）). */
  PilotPlatform = 'pilot_platform',
  /** 国际科技合作基地 (`002`), with its three types in `IntlCoopBaseType`. */
  IntlCoopBase = 'intl_coop_base',
  /** 自治区技术创新中心 (`003`). */
  InnovationCenter = 'innovation_center',
}

/** The Chinese name of each carrier kind, as users read it. */
export const CARRIER_KIND_LABEL: { readonly [K in CarrierKind]: string } = {
  concept_validation: '概念验证中心(平台)',
  pilot_base: '科技成果转化中试基地',
  pilot_platform: '中试公共服务平台',
  intl_coop_base: '国际科技合作基地',
  innovation_center: '自治区技术创新中心',
};

/** The three types of 国际科技合作基地 (`002 §4`–`§7`); one type per application. */
export enum IntlCoopBaseType {
  /** 国际创新园 (`002 §5`): applied for by the 盟市 government after 厅市会商. */
  InnovationPark = 'innovation_park',
  /** 国际技术转移中心 (`002 §6`). */
  TechTransferCenter = 'tech_transfer_center',
  /** 示范型国际科技合作基地 (`002 §7`). */
  DemonstrationBase = 'demonstration_base',
}

/** The Chinese name of each 国合基地 type. */
export const INTL_COOP_BASE_TYPE_LABEL: { readonly [T in IntlCoopBaseType]: string } = {
  innovation_park: '国际创新园',
  tech_transfer_center: '国际技术转移中心',
  demonstration_base: '示范型国际科技合作基地',
};

/** How a programme grants the title: 备案 (`000`, `001`), 认定 (`002`), 组建 (`003`). */
export enum CarrierProgrammeType {
  Filing = 'filing',
  Recognition = 'recognition',
  Formation = 'formation',
}

/** The Chinese name of each programme type. */
export const CARRIER_PROGRAMME_TYPE_LABEL: { readonly [P in CarrierProgrammeType]: string } = {
  filing: '备案',
  recognition: '认定',
  formation: '组建',
};

/** A registered carrier's status (issue 15 §5): 筹建 (`003 §20`), 运行, 整改 (`001 §16`, `003 §34`), 撤销. */
export enum CarrierStatus {
  Preparing = 'preparing',
  Operating = 'operating',
  Rectifying = 'rectifying',
  Revoked = 'revoked',
}

/** The Chinese name of each carrier status. */
export const CARRIER_STATUS_LABEL: { readonly [S in CarrierStatus]: string } = {
  preparing: '筹建',
  operating: '运行',
  rectifying: '整改',
  revoked: '撤销',
};

/**
 * An application's lifecycle (`000` 四; `001 §10`; `002 §6–7`; `003 §11`): draft → submitted → (returned |
 * recommended) → formal_review → expert_review → site_visit → decided (会议研究) → on_notice (公示) →
 * (objection →) published (发文公布) | rejected. Direct applicants go from submitted to formal_review
 * (`001 §10(一)`; `002` 二(一)).
 */
export enum CarrierApplicationStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Returned = 'returned',
  Recommended = 'recommended',
  FormalReview = 'formal_review',
  ExpertReview = 'expert_review',
  SiteVisit = 'site_visit',
  Decided = 'decided',
  OnNotice = 'on_notice',
  Objection = 'objection',
  Published = 'published',
  Rejected = 'rejected',
}

/** The Chinese name of each application status. */
export const CARRIER_APPLICATION_STATUS_LABEL: { readonly [S in CarrierApplicationStatus]: string } = {
  draft: '草稿',
  submitted: '已提交(待推荐)',
  returned: '已退回',
  recommended: '已推荐',
  formal_review: '形式审查',
  expert_review: '专家评审',
  site_visit: '实地考察',
  decided: '会议研究通过',
  on_notice: '公示中',
  objection: '公示异议',
  published: '已发文公布',
  rejected: '未通过',
};

/** 考核评价结果 (`003 §34`; `001 §16`): 优秀 / 合格 / 不合格. */
export enum EvaluationGrade {
  Excellent = 'excellent',
  Qualified = 'qualified',
  Unqualified = 'unqualified',
}

/** The Chinese name of each grade. */
export const EVALUATION_GRADE_LABEL: { readonly [G in EvaluationGrade]: string } = {
  excellent: '优秀',
  qualified: '合格',
  unqualified: '不合格',
};

/**
 * The recommender tier an application goes through (`002` 二(一); `000` 四.2; `001 §10(一)`): a 盟市 (incl.
 * 满洲里, 二连浩特), an 自治区部门, or none (direct applicants: universities, institutes, 中央驻区单位).
 */
export enum RecommenderKind {
  City = 'city',
  Department = 'department',
  Direct = 'direct',
}

/** The Chinese name of each recommender kind. */
export const RECOMMENDER_KIND_LABEL: { readonly [R in RecommenderKind]: string } = {
  city: '盟市',
  department: '自治区部门',
  direct: '直接申报',
};

/**
 * The classes of support money: the two computed classes of `001 §13` (only one class per application, `001 §14`)
 * and the 国合基地's reward (`002 §16`), whose amount staff decide.
 */
export enum CarrierSupportKind {
  /** 建设补助: 20 % of the last three years' eligible investment, ≤ 200 万元, once (`001 §13(一)`). */
  Construction = 'construction',
  /** 运营补助: 20 % of the year's service revenue, ≤ 100 万元 a year (`001 §13(二)`). */
  Operation = 'operation',
  /**
   * 奖励性后补助: for an excellent 国合基地 after its evaluation, the amount decided by staff — no rate, no cap
   * (`002 §16`; only where the rule set has `support.staffDecidedReward`).
   */
  Reward = 'reward',
}

/** The Chinese name of each support class. */
export const CARRIER_SUPPORT_KIND_LABEL: { readonly [S in CarrierSupportKind]: string } = {
  construction: '建设补助',
  operation: '运营补助',
  reward: '奖励性后补助',
};

/** Text used in a rule set where the seed says nothing: the value is the department's configuration. */
export const RULE_UNSPECIFIED = '未规定 (configuration)';

/** The document a rule set is transcribed from (its 文号, title, issuer, region, optional URL). */
export interface CarrierRuleSetSource {
  /** 文号, e.g. `云科规〔2025〕11号`. */
  documentNo: string;
  title: string;
  issuer: string;
  /** Whose rules they are, in words (`云南省`, `内蒙古自治区`). */
  region: string;
  url?: string;
}

/**
 * The unit of a threshold: `m2` square metres; `person` head count; `count` number of items; `fen` money in
 * integer fen; `year` years; `bool` a yes/no condition; `ratio` a share of two declared counts (`ratioOf`),
 * compared exactly by cross-multiplication with `minRatio` / `maxRatio` as `[numerator, denominator]`.
 */
export type CarrierThresholdUnit = 'm2' | 'person' | 'count' | 'fen' | 'year' | 'bool' | 'ratio';

/**
 * One condition of a rule set (checked against the declared figure and its evidence; a miss is a reason on the
 * formal review, never a silent refusal — RULEBOOK §7).
 * - `min` / `max`: inclusive bounds in `unit` (money: integer fen as a number, safe below 2^53);
 * - `required`: a `bool` condition that must be true (e.g. 独立法人);
 * - `anyOf`: thresholds sharing a group key are alternatives — the group is met when one of its options is
 *   (`001 §8(五)` 符合以下条件之一); `option`: thresholds of one group sharing an option key must all be met
 *   together (`001 §9(五)1` 中试项目 3 项以上 **and** 产品化 3 项以上); a threshold without `option` is an
 *   option of its own;
 * - `ratioOf` / `minRatio` / `maxRatio`: for `unit: 'ratio'`, the declared part and whole keys and the bound
 *   (`003 §17` 单聘人员 ≥ 1/2; `003 §15` 技术委员会 内部人员 ≤ 1/3);
 * - `kinds` / `intlCoopTypes`: which kinds (and 国合基地 types) the condition applies to (all when absent);
 * - `evidence`: what proves it (e.g. 实景图片); `rule`: the article.
 */
export interface CarrierThreshold {
  key: string;
  label: string;
  unit: CarrierThresholdUnit;
  min?: number;
  max?: number;
  required?: boolean;
  anyOf?: string;
  option?: string;
  ratioOf?: { part: string; whole: string };
  minRatio?: [number, number];
  maxRatio?: [number, number];
  kinds?: CarrierKind[];
  intlCoopTypes?: IntlCoopBaseType[];
  evidence?: string;
  rule: string;
}

/** A piece of evidence an application must attach (`000` 三; `001 §10(一)`), per kind when `kinds` is given. */
export interface CarrierRequiredEvidence {
  key: string;
  label: string;
  kinds?: CarrierKind[];
  rule: string;
}

/**
 * Applications a recommender may put forward per round (`002` 二(一)): each 盟市 ≤ `city`, each 自治区部门 ≤
 * `department`, a direct applicant `direct`; `null` where the source sets no number. `nationalLevelOutsideQuota`:
 * a national-level base is registered outside the quota (`002` 二(三)). `rule`: the article.
 */
export interface CarrierQuota {
  city: number | null;
  department: number | null;
  direct: number | null;
  nationalLevelOutsideQuota: boolean;
  /** Whether direct applicants may skip the recommender step (`001 §10(一)`; `002` 二(一)). */
  directAllowed: boolean;
  rule: string;
}

/** Construction support: `rateBp` of the base, capped at `capFen` (integer fen string), `once` per carrier. */
export interface CarrierConstructionSupport {
  rateBp: number;
  capFen: string;
  once: boolean;
  rule: string;
}

/** Operation support: `rateBp` of the year's service revenue, capped at `capFen` (integer fen string) a year. */
export interface CarrierOperationSupport {
  rateBp: number;
  capFen: string;
  rule: string;
}

/**
 * The support money a rule set grants (`001 §13`, `§14`, `§17`; `002 §16`). Absent classes are not granted by
 * the source. `oneClassPerApplication` / `highestNotSum` / `attachedOperationOnly` / `staffDecidedReward`: the
 * article of each rule, or null where the source has none.
 */
export interface CarrierSupportRules {
  construction?: CarrierConstructionSupport;
  operation?: CarrierOperationSupport;
  oneClassPerApplication: string | null;
  highestNotSum: string | null;
  attachedOperationOnly: string | null;
  /** 国合基地 奖励性后补助, amount decided by staff (`002 §16`). */
  staffDecidedReward: string | null;
}

/**
 * A versioned rule set of a carrier programme, with its source document (issue 15 §1). Every number cites its
 * article in `articles` (or `RULE_UNSPECIFIED` where the source is silent and the value is `null`).
 * - `noticeWorkingDays`: 公示 length in working days;
 * - `annualReportDueMonthDay`: `MM-DD` of the year after the reported one (`003 §29`: `01-31`), or null;
 * - `evaluationEveryYears`: years between evaluations; `rectificationYears`: 整改 period after 不合格;
 * - `reapplyBarYears`: years a revoked carrier may not reapply; `preparingYears`: 筹建 period (`003 §20`);
 * - `missedReportsRevokeYears`: consecutive years without an annual report that revoke (`002 §12(四)`);
 * - `missedReportCountsUnqualified`: no report without reason counts 不合格 (`001 §15`);
 * - `validFrom` / `validUntil`: `YYYY-MM-DD` or null.
 */
export interface CarrierRuleSet {
  id: string;
  version: number;
  name: string;
  programme: CarrierProgrammeType;
  source: CarrierRuleSetSource;
  kinds: CarrierKind[];
  validFrom: string | null;
  validUntil: string | null;
  thresholds: CarrierThreshold[];
  requiredEvidence: CarrierRequiredEvidence[];
  quota: CarrierQuota;
  noticeWorkingDays: number | null;
  annualReportDueMonthDay: string | null;
  evaluationEveryYears: number | null;
  rectificationYears: number | null;
  reapplyBarYears: number | null;
  preparingYears: number | null;
  missedReportsRevokeYears: number | null;
  missedReportCountsUnqualified: boolean;
  support: CarrierSupportRules;
  /** The article behind each scalar above (`RULE_UNSPECIFIED` where the source is silent). */
  articles: {
    noticeWorkingDays: string;
    annualReportDue: string;
    evaluationEvery: string;
    rectification: string;
    reapplyBar: string;
    preparing: string;
    missedReports: string;
    revocation: string;
  };
}

/**
 * Query of the public preview `GET /api/v1/policy/carrier-support` (issue 15 §7): the support class and its base
 * in yuan (decimal string, ≤ 2 decimals). A bad kind is 400 `INVALID_VALUE`, a bad amount 400 `INVALID_AMOUNT`;
 * `reward` passes validation and is answered 422 `CARRIER_REWARD_NO_FORMULA` (no formula to preview, `002 §16`).
 */
export class CarrierSupportPreviewQueryDto {
  @IsIn(Object.values(CarrierSupportKind), {
    message: 'INVALID_VALUE: kind 应为 construction(建设补助)或 operation(运营补助)',
  })
  kind!: CarrierSupportKind;
  @Matches(YUAN_PATTERN, {
    message: 'INVALID_AMOUNT: baseYuan 应为以“元”为单位、最多两位小数的非负数,如 1234.56',
  })
  baseYuan!: string;
}

/**
 * `GET /api/v1/policy/carrier-support` → the support the rule set in force gives for that base (`001 §13`):
 * fen as integer strings, `rateBp` in basis points (2000 = 20 %), `capApplied` when the cap cut the amount,
 * `rule` the article, `steps` the explanation; `ruleSetId` / `source` name the rule set used (`001`, Yunnan's).
 */
export class CarrierSupportPreviewDto {
  kind!: CarrierSupportKind;
  baseFen!: string;
  subsidyFen!: string;
  capFen!: string;
  rateBp!: number;
  capApplied!: boolean;
  rule!: string;
  steps!: SubsidyStepDto[];
  ruleSetId!: string;
  source!: string;
}
