/**
 * Labels and helpers of the carrier pages (issue 15; RULEBOOK §7): the Chinese names of kinds, statuses and
 * application statuses come from `@jiebang/contracts`, the 盟市 list from its GB/T 2260 table.
 */
import {
  CARRIER_APPLICATION_STATUS_LABEL,
  CARRIER_KIND_LABEL,
  CARRIER_STATUS_LABEL,
  findAuthority,
  INTL_COOP_BASE_TYPE_LABEL,
  NMG_REGIONS,
} from '@jiebang/contracts';
import { invalidate } from '../../../api/query';

/** `{ value, label }` options of a label table, for antd `Select`. */
export function optionsOf(labels: Readonly<Record<string, string>>): { value: string; label: string }[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

/** The 盟市 of Inner Mongolia as `Select` options (GB/T 2260 prefecture level). */
export const CITY_OPTIONS = NMG_REGIONS.filter((r) => r.level === 'prefecture').map((r) => ({
  value: r.code,
  label: r.name,
}));

/** Kind label (with the 国合基地 type when given); unknown values are shown as is. */
export function kindText(kind: string, intlBaseType?: string | null): string {
  const k = (CARRIER_KIND_LABEL as Record<string, string>)[kind] ?? kind;
  const t = intlBaseType ? (INTL_COOP_BASE_TYPE_LABEL as Record<string, string>)[intlBaseType] : undefined;
  return t ? `${k}(${t})` : k;
}

/**
 * How an application comes in (申报途径): 直接申报, or 经 <its 归口管理部门, a 盟市科技局 or 自治区部门> 推荐 (`000` 四.1–2).
 */
export function applicationRouteText(a: { direct: boolean; authority?: string | null }): string {
  if (a.direct) return '直接申报';
  return `经${findAuthority(a.authority)?.name ?? '归口管理部门'}推荐`;
}

/** Carrier status label. */
export function carrierStatusText(status: string): string {
  return (CARRIER_STATUS_LABEL as Record<string, string>)[status] ?? status;
}

/** Application status label. */
export function applicationStatusText(status: string): string {
  return (CARRIER_APPLICATION_STATUS_LABEL as Record<string, string>)[status] ?? status;
}

/** The tag colour of a carrier status: 运行 green, 筹建 blue, 整改 orange, 撤销 red. */
export const CARRIER_STATUS_COLOR: Record<string, string> = {
  operating: 'green',
  preparing: 'blue',
  rectifying: 'orange',
  revoked: 'red',
};

/** Refetches every carrier list and page after a write. */
export function carriersChanged(): Promise<void> {
  return invalidate(
    '/api/v1/carriers',
    '/api/v1/carriers/{id}',
    '/api/v1/carriers/applications',
    '/api/v1/carriers/applications/{id}',
    '/api/v1/carriers/applications/{id}/history',
  );
}
