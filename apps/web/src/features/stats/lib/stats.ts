/**
 * Words and money of the statistics dashboard: the Chinese name of each breakdown's keys, and amounts shown as
 * yuan with two decimals followed by 万元 in brackets, exact (integer fen through `@jiebang/contracts`).
 */
import {
  APPLICATION_STATUS_LABELS,
  CARRIER_KIND_LABEL,
  CARRIER_SUPPORT_KIND_LABEL,
  DEAL_STATUS_LABELS,
  FIELD_LABELS,
  fenToWan,
  LISTING_KIND_LABELS,
  LISTING_STATUS_LABELS,
  regionFullName,
} from '@jiebang/contracts';
import { formatFenYuan } from '../../../shared/lib/money';

/** `12,345.67 元（1.234567 万元）`. */
export function formatFenWithWan(fen: string): string {
  return `${formatFenYuan(fen)}（${fenToWan(fen)} 万元）`;
}

/** Name of a field key (`none`/null: 未分类). */
export function fieldName(key: string | null): string {
  if (!key || key === 'none') return '未分类';
  return (FIELD_LABELS as Record<string, string>)[key] ?? key;
}

/** Name of a 盟市 code (`unknown`: 未填写地区; `150000`: 自治区本级). */
export function regionName(key: string): string {
  if (key === 'unknown') return '未填写地区';
  // A region code naming only the autonomous region (`15` + zeros) counts under 自治区本级.
  if (key === '150000') return '自治区本级';
  return regionFullName(key)?.replace(/^内蒙古自治区/, '') || key;
}

const ENTITY_STATUS_LABELS: Record<string, Record<string, string>> = {
  listing: LISTING_STATUS_LABELS,
  application: APPLICATION_STATUS_LABELS,
  deal: DEAL_STATUS_LABELS,
};

/** What each audited entity is called. */
export const ENTITY_NAMES: Record<string, string> = { listing: '榜单', application: '揭榜申报', deal: '揭榜项目' };

/** Name of a status of `entity` (`listing`, `application`, `deal`). */
export function statusName(entity: string, key: string): string {
  return ENTITY_STATUS_LABELS[entity]?.[key] ?? key;
}

/** Name of a listing kind. */
export function kindName(key: string): string {
  return (LISTING_KIND_LABELS as Record<string, string>)[key] ?? key;
}

/** Name of a carrier kind (`CarrierKind`), or the key itself for one this build does not know. */
export function carrierKindName(key: string): string {
  return (CARRIER_KIND_LABEL as Record<string, string>)[key] ?? key;
}

/** Name of a carrier support class (`CarrierSupportKind`: 建设补助, 运营补助 …), or the key itself. */
export function supportKindName(key: string): string {
  return (CARRIER_SUPPORT_KIND_LABEL as Record<string, string>)[key] ?? key;
}
