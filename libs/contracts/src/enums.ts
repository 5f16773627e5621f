/**
 * Shared domain enums. Identifiers follow `shared/domain/GLOSSARY.md`; the Chinese label is what users read.
 */

/** 榜单类型 — the two kinds of listing (RULEBOOK §2; seed `004 §4`). */
export enum ListingKind {
  /** 技术攻关类 — a tech challenge posted by an in-region enterprise. */
  Challenge = 'challenge',
  /** 成果转化类 — an achievement posted by its IP owner. */
  Achievement = 'achievement',
}

/** 五大领域 — the five fields of the achievement board (seed `004` 一). */
export enum Field {
  EnergyStorage = 'energy_storage',
  Graphene = 'graphene',
  RareEarth = 'rare_earth',
  Hydrogen = 'hydrogen',
  Ccus = 'ccus',
}

/**
 * Listing lifecycle (seed `004 §9`): draft → submitted → screening (需求论证) → passed | rejected;
 * passed → published (发布榜单) → closed. The allowed moves are in `@jiebang/policy` `LISTING_TRANSITIONS`.
 */
export enum ListingStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Screening = 'screening',
  /** 论证通过: staff and poster fix the final text before publication. */
  Passed = 'passed',
  /** 论证未通过: the poster sees the reason and may revise. */
  Rejected = 'rejected',
  Published = 'published',
  Closed = 'closed',
}

/** 单位类型 of the 征集表 (seed `004` annex 1) plus the carrier kinds of seeds `000`–`003`. */
export enum OrgType {
  University = 'university',
  ResearchInstitute = 'research_institute',
  NewRdInstitution = 'new_rd_institution',
  TechEnterprise = 'tech_enterprise',
  Enterprise = 'enterprise',
  Other = 'other',
  ConceptValidation = 'concept_validation',
  PilotBase = 'pilot_base',
  PilotService = 'pilot_service',
  InnovationCenter = 'innovation_center',
  IntlCooperationBase = 'intl_cooperation_base',
}

/** 成果类型 on the 征集表 (seed `004` annex 1). */
export enum ResultType {
  PublicWelfare = 'public_welfare',
  IndustryGeneric = 'industry_generic',
}

/** 知识产权类型 on the 征集表 (seed `004` annex 1). */
export enum IpType {
  Patent = 'patent',
  Trademark = 'trademark',
  Copyright = 'copyright',
  GeographicalIndication = 'geographical_indication',
  PlantVariety = 'plant_variety',
  TradeSecret = 'trade_secret',
  Other = 'other',
}

/** 成果形态 — achievement types (seed `004` 二.1). */
export enum AchievementType {
  NewTechnology = 'new_technology',
  NewProcess = 'new_process',
  NewMaterial = 'new_material',
  NewProduct = 'new_product',
  NewEquipment = 'new_equipment',
}

/** Chinese labels shown on screen, keyed by enum value. */
export const FIELD_LABELS: Record<Field, string> = {
  [Field.EnergyStorage]: '大规模储能',
  [Field.Graphene]: '石墨烯',
  [Field.RareEarth]: '稀土',
  [Field.Hydrogen]: '氢能',
  [Field.Ccus]: '碳捕集封存',
};

export const LISTING_KIND_LABELS: Record<ListingKind, string> = {
  [ListingKind.Challenge]: '技术攻关类',
  [ListingKind.Achievement]: '成果转化类',
};

export const LISTING_STATUS_LABELS: Record<ListingStatus, string> = {
  [ListingStatus.Draft]: '草稿',
  [ListingStatus.Submitted]: '已提交',
  [ListingStatus.Screening]: '需求论证中',
  [ListingStatus.Passed]: '论证通过,待发布',
  [ListingStatus.Rejected]: '论证未通过',
  [ListingStatus.Published]: '已发布',
  [ListingStatus.Closed]: '已关闭',
};

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  [OrgType.University]: '高校',
  [OrgType.ResearchInstitute]: '科研机构',
  [OrgType.NewRdInstitution]: '新型研发机构',
  [OrgType.TechEnterprise]: '科技型企业',
  [OrgType.Enterprise]: '企业',
  [OrgType.Other]: '其他',
  [OrgType.ConceptValidation]: '概念验证中心/平台',
  [OrgType.PilotBase]: '中试基地',
  [OrgType.PilotService]: '中试公共服务平台',
  [OrgType.InnovationCenter]: '技术创新中心',
  [OrgType.IntlCooperationBase]: '国际科技合作基地',
};

export const RESULT_TYPE_LABELS: Record<ResultType, string> = {
  [ResultType.PublicWelfare]: '社会公益性',
  [ResultType.IndustryGeneric]: '行业共性技术',
};

export const IP_TYPE_LABELS: Record<IpType, string> = {
  [IpType.Patent]: '专利权',
  [IpType.Trademark]: '商标权',
  [IpType.Copyright]: '版权(著作权)',
  [IpType.GeographicalIndication]: '原产地名称(地理标志)',
  [IpType.PlantVariety]: '植物新品种',
  [IpType.TradeSecret]: '商业秘密',
  [IpType.Other]: '其他',
};

export const ACHIEVEMENT_TYPE_LABELS: Record<AchievementType, string> = {
  [AchievementType.NewTechnology]: '新技术',
  [AchievementType.NewProcess]: '新工艺',
  [AchievementType.NewMaterial]: '新材料',
  [AchievementType.NewProduct]: '新产品',
  [AchievementType.NewEquipment]: '新设备',
};

/**
 * Maps a Chinese field name as written in source data (e.g. `碳捕集封存(CCUS)`) to `Field`.
 * Returns `undefined` when the text names none of the five fields.
 */
export function parseFieldLabel(text: string | null | undefined): Field | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (t.includes('储能')) return Field.EnergyStorage;
  if (t.includes('石墨烯')) return Field.Graphene;
  if (t.includes('稀土')) return Field.RareEarth;
  if (t.includes('氢')) return Field.Hydrogen;
  if (t.includes('碳捕集') || /ccus/i.test(t)) return Field.Ccus;
  return undefined;
}
