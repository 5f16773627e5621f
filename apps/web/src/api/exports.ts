/**
 * The staff exports (issue 14 item 4) through the generated client (bearer token, refresh and `ApiError`s as
 * every call): `GET /api/v1/exports/{kind}?format=xlsx|csv&<the screen's filters>` answered as a file.
 */
import type { paths } from '../../generated/openapi-schema';
import { api, unwrap } from './http';

/** What can be exported. */
export type ExportKind = 'listings' | 'organizations' | 'applications' | 'deals' | 'subsidies' | 'carrierSupport';
/** File format: Excel workbook or CSV (UTF-8 with BOM). */
export type ExportFormat = 'xlsx' | 'csv';

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never;

/** The filters each export takes (the same as its screen's). */
export interface ExportFilters {
  listings: Omit<NonNullable<Query<'/api/v1/exports/listings'>>, 'format'>;
  organizations: Omit<NonNullable<Query<'/api/v1/exports/organizations'>>, 'format'>;
  applications: Omit<NonNullable<Query<'/api/v1/exports/applications'>>, 'format'>;
  deals: Omit<NonNullable<Query<'/api/v1/exports/deals'>>, 'format'>;
  subsidies: Omit<NonNullable<Query<'/api/v1/exports/subsidies'>>, 'format'>;
  /** 载体补助 (issue 15 §7): `year` is the year the support is for. */
  carrierSupport: Omit<NonNullable<Query<'/api/v1/exports/carrier-support'>>, 'format'>;
}

/** The Chinese name of each export, used in the file name. */
export const EXPORT_NAMES: Record<ExportKind, string> = {
  listings: '榜单',
  organizations: '单位',
  applications: '揭榜申报',
  deals: '揭榜项目',
  subsidies: '资助',
  carrierSupport: '载体补助',
};

/**
 * Downloads one export as a `Blob`. Rejects with an `ApiError` (e.g. 422 `EXPORT_TOO_LARGE` past 100,000 rows,
 * 403 without the 导出报表 right).
 */
export async function fetchExport<K extends ExportKind>(
  kind: K,
  filters: ExportFilters[K],
  format: ExportFormat,
): Promise<Blob> {
  const opts = { params: { query: { ...filters, format } }, parseAs: 'blob' as const };
  switch (kind) {
    case 'listings':
      return unwrap(api.GET('/api/v1/exports/listings', opts as never)) as Promise<Blob>;
    case 'organizations':
      return unwrap(api.GET('/api/v1/exports/organizations', opts as never)) as Promise<Blob>;
    case 'applications':
      return unwrap(api.GET('/api/v1/exports/applications', opts as never)) as Promise<Blob>;
    case 'deals':
      return unwrap(api.GET('/api/v1/exports/deals', opts as never)) as Promise<Blob>;
    case 'carrierSupport':
      return unwrap(api.GET('/api/v1/exports/carrier-support', opts as never)) as Promise<Blob>;
    default:
      return unwrap(api.GET('/api/v1/exports/subsidies', opts as never)) as Promise<Blob>;
  }
}
