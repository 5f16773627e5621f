/**
 * The rule references used by eligibility (揭榜资格审查): every block and every warning the matching library
 * raises carries one of these codes and the seed article (or RULEBOOK section) it enforces, so that staff can
 * trace each refusal back to the text (RULEBOOK preamble).
 *
 * Reference format follows `shared/domain/RULEBOOK.md`: `seed §article(item)`, e.g. `004 §8` is article 8 of
 * the 揭榜挂帅 实施办法 in `shared/seeds/004_3bf41f83b51a8950.txt`; `RULEBOOK §6` is section 6 of the rulebook,
 * used where the platform deliberately goes beyond the letter of the seed.
 */

/** Codes of findings that make an application (or a posting) ineligible. */
export type BlockCode =
  | 'SAME_ENTITY'
  | 'SUBSIDIARY_OF_POSTER'
  | 'CONTROLLER_OF_POSTER'
  | 'COMMON_CONTROLLER'
  | 'TAKER_NOT_IN_REGION'
  | 'TAKER_NOT_ENTERPRISE'
  | 'POSTER_NOT_ELIGIBLE'
  | 'ACHIEVEMENT_POSTER_NOT_ELIGIBLE'
  | 'NOT_INDEPENDENT_LEGAL_PERSON'
  | 'CREDIT_BLACKLISTED'
  | 'ORG_NOT_VERIFIED';

/** Codes of hints for staff that are never a block on their own (RULEBOOK §6, §8). */
export type WarningCode = 'SHARED_LEGAL_REPRESENTATIVE' | 'SHARED_CONTACT' | 'USCC_REGION_MISMATCH';

/** Every rule code of the eligibility catalogue. */
export type RuleCode = BlockCode | WarningCode;

/**
 * One entry of the catalogue.
 * - `code`: machine-readable code (also the key in `RULES`);
 * - `rule`: the article enforced, e.g. `004 §14` or `RULEBOOK §6 (beyond 004 §6, §8)`;
 * - `title`: the Chinese heading shown to users and staff.
 */
export interface RuleRef<C extends RuleCode = RuleCode> {
  readonly code: C;
  readonly rule: string;
  readonly title: string;
}

/**
 * The catalogue of eligibility rules, keyed by code.
 *
 * Blocks:
 * - `SAME_ENTITY` — the applicant is the poster itself (equal USCC, same record, or branch ↔ head office);
 *   `004 §4(一)` and `§6` (tech challenge), `004 §4(二)` and `§8` (achievement transfer).
 * - `SUBSIDIARY_OF_POSTER` — the applicant is a 下属子公司 of the poster at any depth; same articles.
 * - `CONTROLLER_OF_POSTER` — the applicant controls the poster; RULEBOOK §6, beyond the letter of 004.
 * - `COMMON_CONTROLLER` — the applicant and the poster are sister companies under one controller; RULEBOOK §6.
 * - `TAKER_NOT_IN_REGION` — the lead applicant (the would-be taker; the code keeps its published name) of an achievement listing is not in Inner Mongolia; `004 §4(二), §8`.
 * - `TAKER_NOT_ENTERPRISE` — the lead applicant of an achievement listing is not an enterprise; `004 §4(二), §8`.
 * - `POSTER_NOT_ELIGIBLE` — a tech-challenge poster is not an in-region enterprise with independent legal
 *   personality; `004 §5`.
 * - `NOT_INDEPENDENT_LEGAL_PERSON` — a lead applicant is a branch (分公司) or otherwise no independent legal person;
 *   `004 §4(二), §5, §8`.
 * - `CREDIT_BLACKLISTED` — a party is on the joint-punishment list or has a research-integrity record; `004 §14`.
 * - `ORG_NOT_VERIFIED` — the organisation's registration has not been verified by staff; RULEBOOK §1.
 *
 * Warnings: `SHARED_LEGAL_REPRESENTATIVE`, `SHARED_CONTACT` (RULEBOOK §6) and `USCC_REGION_MISMATCH`
 * (RULEBOOK §8).
 */
export const RULES: { readonly [C in RuleCode]: RuleRef<C> } = {
  SAME_ENTITY: {
    code: 'SAME_ENTITY',
    rule: '004 §4(一), §4(二), §6, §8',
    title: '揭榜方与发榜方为同一单位',
  },
  SUBSIDIARY_OF_POSTER: {
    code: 'SUBSIDIARY_OF_POSTER',
    rule: '004 §4(一), §4(二), §6, §8',
    title: '揭榜方为发榜方的下属子公司',
  },
  CONTROLLER_OF_POSTER: {
    code: 'CONTROLLER_OF_POSTER',
    rule: 'RULEBOOK §6 (beyond 004 §6, §8)',
    title: '揭榜方为发榜方的控股(控制)方',
  },
  COMMON_CONTROLLER: {
    code: 'COMMON_CONTROLLER',
    rule: 'RULEBOOK §6 (beyond 004 §6, §8)',
    title: '揭榜方与发榜方受同一主体控制',
  },
  TAKER_NOT_IN_REGION: {
    code: 'TAKER_NOT_IN_REGION',
    rule: '004 §4(二), §8',
    title: '成果转化类揭榜牵头方不是自治区内单位',
  },
  TAKER_NOT_ENTERPRISE: {
    code: 'TAKER_NOT_ENTERPRISE',
    rule: '004 §4(二), §8',
    title: '成果转化类揭榜牵头方不是企业',
  },
  POSTER_NOT_ELIGIBLE: {
    code: 'POSTER_NOT_ELIGIBLE',
    rule: '004 §5',
    title: '技术攻关类发榜方应为区内具有独立法人资格的企业',
  },
  ACHIEVEMENT_POSTER_NOT_ELIGIBLE: {
    code: 'ACHIEVEMENT_POSTER_NOT_ELIGIBLE',
    rule: '004 §4(二), §7',
    title: '成果转化类发榜方应为"4+8+N"合作主体或拥有自主知识产权的高校、科研机构、科技型企业',
  },
  NOT_INDEPENDENT_LEGAL_PERSON: {
    code: 'NOT_INDEPENDENT_LEGAL_PERSON',
    rule: '004 §4(二), §5, §8',
    title: '揭榜牵头方不具有独立法人资格',
  },
  CREDIT_BLACKLISTED: {
    code: 'CREDIT_BLACKLISTED',
    rule: '004 §14',
    title: '列入联合惩戒名单或存在科研失信记录',
  },
  ORG_NOT_VERIFIED: {
    code: 'ORG_NOT_VERIFIED',
    rule: 'RULEBOOK §1 (staff verification)',
    title: '单位信息未经科技厅核验',
  },
  SHARED_LEGAL_REPRESENTATIVE: {
    code: 'SHARED_LEGAL_REPRESENTATIVE',
    rule: 'RULEBOOK §6',
    title: '与发榜方法定代表人相同',
  },
  SHARED_CONTACT: {
    code: 'SHARED_CONTACT',
    rule: 'RULEBOOK §6',
    title: '与发榜方联系电话或电子邮箱相同',
  },
  USCC_REGION_MISMATCH: {
    code: 'USCC_REGION_MISMATCH',
    rule: 'RULEBOOK §8',
    title: '统一社会信用代码登记地与申报地区不一致',
  },
};

/** All block codes, in catalogue order. */
export const BLOCK_CODES: readonly BlockCode[] = [
  'SAME_ENTITY',
  'SUBSIDIARY_OF_POSTER',
  'CONTROLLER_OF_POSTER',
  'COMMON_CONTROLLER',
  'TAKER_NOT_IN_REGION',
  'TAKER_NOT_ENTERPRISE',
  'POSTER_NOT_ELIGIBLE',
  'ACHIEVEMENT_POSTER_NOT_ELIGIBLE',
  'NOT_INDEPENDENT_LEGAL_PERSON',
  'CREDIT_BLACKLISTED',
  'ORG_NOT_VERIFIED',
];

/** All warning codes, in catalogue order. */
export const WARNING_CODES: readonly WarningCode[] = [
  'SHARED_LEGAL_REPRESENTATIVE',
  'SHARED_CONTACT',
  'USCC_REGION_MISMATCH',
];

/** True when `code` names a block (not a warning) of the catalogue. */
export function isBlockCode(code: string): code is BlockCode {
  return (BLOCK_CODES as readonly string[]).includes(code);
}

/** True when `code` names a warning of the catalogue. */
export function isWarningCode(code: string): code is WarningCode {
  return (WARNING_CODES as readonly string[]).includes(code);
}
