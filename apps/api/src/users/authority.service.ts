import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  authorityRegionScope,
  AuthorityQueryDto,
  AuthorityRecordPageDto,
  CurrentUser,
  findAuthority,
  StaffRole,
} from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';

/** The kinds of records an authority reads. */
export type AuthorityRecordKind = 'organizations' | 'listings' | 'applications' | 'deals';

/**
 * For each kind: the SQL selecting `id, title, org_name, region_code, status, created_at` with the region codes
 * that decide whether a record is the authority's (`$1` prefix pattern, NULL for a department; `$2` excluded
 * codes): an organisation's own, the poster's for a listing, the applicant's for an application, either party's
 * for a deal. Organisations also count when one of their carrier applications names the authority as its
 * 归口管理部门 (`$5`, `carrier_application.authority`; issue 15 §3, `000` 四.1, `002` 二(一)) — so a 自治区部门
 * (no region) sees the organisations it recommends. Listings, applications and deals stay region-scoped: no
 * authority recommends them, so a department has none.
 */
const QUERIES: Record<AuthorityRecordKind, string> = {
  organizations: `SELECT o.id, o.name AS title, o.name AS org_name, o.region_code,
      CASE WHEN o.verified THEN 'verified' ELSE 'unverified' END AS status, o.created_at
    FROM organization o WHERE ${inRegion('o.region_code')}
      OR EXISTS (SELECT 1 FROM carrier_application ca WHERE ca.org_id = o.id AND ca.authority = $5::text)`,
  listings: `SELECT l.id, l.title, l.poster_name AS org_name, COALESCE(o.region_code, l.region_code) AS region_code,
      l.status, l.created_at
    FROM listing l LEFT JOIN organization o ON o.id = l.poster_org_id
    WHERE ${inRegion('COALESCE(o.region_code, l.region_code)')}`,
  applications: `SELECT a.id, l.title, o.name AS org_name, o.region_code, a.status, a.created_at
    FROM application a JOIN listing l ON l.id = a.listing_id JOIN organization o ON o.id = a.applicant_org_id
    WHERE ${inRegion('o.region_code')}`,
  deals: `SELECT d.id, l.title, t.name AS org_name, t.region_code, d.status, d.created_at
    FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization t ON t.id = d.taker_org_id
      JOIN organization p ON p.id = d.poster_org_id
    WHERE ${inRegion('t.region_code')} OR ${inRegion('p.region_code')}`,
};

function inRegion(column: string): string {
  return `($1::text IS NOT NULL AND ${column} LIKE $1::text AND NOT (${column} = ANY($2::text[])))`;
}

/**
 * What a recommending authority sees (issue 13 item 3), read only: the organisations of its region and the
 * listings, applications and deals they are party to. A recommender sees its own authority's; staff holding
 * `ViewAuthorityRecords` otherwise (administrators) name one. A department authority has no region: its
 * organisations are those whose carrier applications name it (`QUERIES.organizations`); it has no listings,
 * applications or deals.
 */
@Injectable()
export class AuthorityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A page of `kind` records of the caller's (or the named) authority, newest first.
   * @throws DomainError 422 `AUTHORITY_UNKNOWN` for a missing or unknown authority.
   */
  async records(caller: CurrentUser, kind: AuthorityRecordKind, q: AuthorityQueryDto): Promise<AuthorityRecordPageDto> {
    const code = caller.staffRoles.includes(StaffRole.Recommender) ? caller.authority : q.authority;
    const authority = findAuthority(code);
    if (!authority) {
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'AUTHORITY_UNKNOWN', '请从名单中选择推荐部门');
    }
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const scope = authorityRegionScope(authority.code);
    if (!scope && kind !== 'organizations') return { authority, items: [], total: 0, page, pageSize };
    const params: unknown[] = [
      scope ? `${scope.prefix}%` : null,
      scope?.exclude ?? [],
      pageSize,
      (page - 1) * pageSize,
    ];
    if (kind === 'organizations') params.push(authority.code);
    const rows = (await this.db.query(
      `SELECT r.*, count(*) OVER () AS total FROM (${QUERIES[kind]}) r
       ORDER BY r.created_at DESC, r.id LIMIT $3 OFFSET $4`,
      params,
    )) as {
      id: string;
      title: string;
      org_name: string;
      region_code: string | null;
      status: string;
      created_at: Date;
      total: string;
    }[];
    return {
      authority,
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        orgName: r.org_name,
        regionCode: r.region_code,
        status: r.status,
        createdAt: r.created_at.toISOString(),
      })),
      total: Number(rows[0]?.total ?? 0),
      page,
      pageSize,
    };
  }
}
