import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ListingStatus, OrgType } from '@jiebang/contracts';
import { JobHandle } from '../jobs/jobs.service';
import { AnnouncementEntity } from '../listings/announcement.entity';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingIndexerService } from '../search/listing-indexer.service';
import {
  isRejection,
  ListingRow,
  OrgRow,
  parseListingRow,
  parseOrgRow,
  posterOrgName,
  RowRejection,
} from './import-rows';

/** Per-section counts of an import. `accepted` = newly created; `updated` = existing rows that changed. */
export interface SectionCounts {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** The report printed by `npm run import`. */
export interface ImportReport {
  organizations: SectionCounts;
  listings: SectionCounts;
  announcements: SectionCounts;
  rejected: RowRejection[];
  /** Search-index jobs enqueued after the commit (await `finished()` to know the board shows them). */
  indexJobs: JobHandle[];
}

/** The accepted file shapes: an array of organisations or of listings, or `{ organizations, listings }`. */
export interface ImportInput {
  organizations?: unknown[];
  listings?: unknown[];
}

const zero = (): SectionCounts => ({ accepted: 0, updated: 0, unchanged: 0, rejected: 0 });

/** Splits a parsed JSON file into its sections; arrays are classified row by row (`kind`+`title` = listing). */
export function splitImportFile(json: unknown): ImportInput {
  if (Array.isArray(json)) {
    const isListing = (r: unknown) => typeof r === 'object' && r !== null && 'kind' in r && 'title' in r;
    return { listings: json.filter(isListing), organizations: json.filter((r) => !isListing(r)) };
  }
  if (typeof json === 'object' && json !== null) {
    const o = json as Record<string, unknown>;
    const arr = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    return { organizations: arr(o.organizations), listings: arr(o.listings) };
  }
  return { organizations: [json] };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Copies `patch` onto `entity`; returns true when any value changed. */
function assignChanged<T extends object>(entity: T, patch: Partial<T>): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(patch) as [keyof T, T[keyof T]][]) {
    if (!same(entity[k], v)) {
      entity[k] = v;
      changed = true;
    }
  }
  return changed;
}

/**
 * Imports organisations and listings from data in the shape of `shared/data/*.json`. Every row is validated
 * first; the valid rows are written in one transaction (all or nothing on a database error); re-running the
 * same file changes nothing (organisations match on USCC, then name / former names; listings on kind+title).
 * Published listings are indexed by queue jobs enqueued after the commit.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly indexer: ListingIndexerService,
  ) {}

  async import(input: ImportInput): Promise<ImportReport> {
    const report: ImportReport = {
      organizations: zero(),
      listings: zero(),
      announcements: zero(),
      rejected: [],
      indexJobs: [],
    };
    const orgRows: OrgRow[] = [];
    (input.organizations ?? []).forEach((raw, i) => {
      const r = parseOrgRow(raw, i);
      if (isRejection(r)) report.rejected.push(r);
      else orgRows.push(r);
    });
    const listingRows: { row: ListingRow; index: number }[] = [];
    (input.listings ?? []).forEach((raw, i) => {
      const r = parseListingRow(raw, i);
      if (isRejection(r)) report.rejected.push(r);
      else listingRows.push({ row: r, index: i });
    });
    const rejectedOrgNames = new Set(report.rejected.filter((r) => r.section === 'organizations').map((r) => r.key));

    const touched = await this.dataSource.transaction(async (em) => {
      for (const row of orgRows) report.organizations[await this.upsertOrg(em, row)] += 1;
      const changed: ListingEntity[] = [];
      for (const { row, index } of listingRows) {
        const orgName = posterOrgName(row.posterName);
        if (orgName && rejectedOrgNames.has(orgName)) {
          report.rejected.push({
            section: 'listings',
            index,
            key: row.title,
            code: 'POSTER_REJECTED',
            message: `发榜单位 ${orgName} 在本次导入中被拒绝,榜单未导入`,
          });
          continue;
        }
        if (row.granularity === 'list') {
          report.announcements[await this.upsertAnnouncement(em, row)] += 1;
          continue;
        }
        const poster = await this.resolvePoster(em, row);
        if (poster === 'unknown-uscc') {
          report.rejected.push({
            section: 'listings',
            index,
            key: row.title,
            code: 'POSTER_UNKNOWN',
            message: `posterUscc ${row.posterUscc} 未对应任何已登记单位`,
          });
          continue;
        }
        const [outcome, entity] = await this.upsertListing(em, row, poster);
        report.listings[outcome] += 1;
        if (outcome !== 'unchanged') changed.push(entity);
      }
      return changed;
    });
    report.organizations.rejected = report.rejected.filter((r) => r.section === 'organizations').length;
    report.listings.rejected = report.rejected.filter((r) => r.section === 'listings').length;
    for (const l of touched) report.indexJobs.push(await this.indexer.enqueueIndex(l));
    this.logger.log(
      `import: organizations ${JSON.stringify(report.organizations)}, listings ${JSON.stringify(report.listings)}, ` +
        `announcements ${JSON.stringify(report.announcements)}`,
    );
    return report;
  }

  private async findOrg(em: EntityManager, row: { uscc: string | null; names: string[] }) {
    const repo = em.getRepository(OrganizationEntity);
    if (row.uscc) {
      const byUscc = await repo.findOne({ where: { uscc: row.uscc } });
      if (byUscc) return byUscc;
    }
    for (const name of row.names) {
      const found = await repo
        .createQueryBuilder('o')
        .where('o.name = :name OR o.short_name = :name OR :name = ANY(o.former_names)', { name })
        .orderBy('o.created_at', 'ASC')
        .getOne();
      if (found && (!row.uscc || !found.uscc || found.uscc === row.uscc)) return found;
    }
    return null;
  }

  private async upsertOrg(em: EntityManager, row: OrgRow): Promise<'accepted' | 'updated' | 'unchanged'> {
    const repo = em.getRepository(OrganizationEntity);
    const existing = await this.findOrg(em, { uscc: row.uscc, names: [row.name, ...row.formerNames] });
    const patch: Partial<OrganizationEntity> = { ...row };
    if (!existing) {
      await repo.save(repo.create(patch));
      return 'accepted';
    }
    if (existing.name !== row.name && !row.formerNames.includes(existing.name)) {
      // A rename keeps the identity: the old name joins the name history.
      patch.formerNames = [...new Set([...row.formerNames, existing.name])];
    }
    if (!assignChanged(existing, patch)) return 'unchanged';
    await repo.save(existing);
    return 'updated';
  }

  private async resolvePoster(em: EntityManager, row: ListingRow): Promise<OrganizationEntity | null | 'unknown-uscc'> {
    if (row.posterUscc) {
      return (
        (await em.getRepository(OrganizationEntity).findOne({ where: { uscc: row.posterUscc } })) ?? 'unknown-uscc'
      );
    }
    const name = posterOrgName(row.posterName);
    if (!name) return null;
    const found = await this.findOrg(em, { uscc: null, names: [...new Set([row.posterName, name])] });
    if (found) return found;
    // A poster the register does not know yet: recorded as an unverified organisation of type 其他.
    const repo = em.getRepository(OrganizationEntity);
    return repo.save(
      repo.create({
        name,
        type: OrgType.Other,
        sourceCategory: 'listing-poster',
        regionCode: row.regionCode,
        note: '由榜单发榜方名称建立,单位信息待核实',
        sourceUrls: row.sourceUrls,
      }),
    );
  }

  private async upsertListing(
    em: EntityManager,
    row: ListingRow,
    poster: OrganizationEntity | null,
  ): Promise<['accepted' | 'updated' | 'unchanged', ListingEntity]> {
    const repo = em.getRepository(ListingEntity);
    const importKey = `${row.kind}|${row.title}`;
    const patch: Partial<ListingEntity> = {
      kind: row.kind,
      field: row.field as ListingEntity['field'],
      title: row.title,
      posterName: row.posterName,
      posterOrgId: poster?.id ?? null,
      regionCode: row.regionCode,
      sourceYear: row.sourceYear,
      note: row.note,
      inferredFields: row.inferredFields,
      sourceUrls: row.sourceUrls,
      totalInvestmentFen: row.totalInvestmentFen,
      summary: row.summary,
      team: row.team,
      suggestedTimeLimit: row.suggestedTimeLimit,
      resultType: row.resultType,
      achievementType: row.achievementType,
      hasOwnIp: row.hasOwnIp,
      ipTypes: row.ipTypes,
      status: ListingStatus.Published,
    };
    const existing = await repo.findOne({ where: { importKey } });
    if (!existing) {
      const saved = await repo.save(repo.create({ ...patch, importKey, publishedAt: new Date() }));
      return ['accepted', saved];
    }
    if (!assignChanged(existing, patch)) return ['unchanged', existing];
    existing.publishedAt ??= new Date();
    return ['updated', await repo.save(existing)];
  }

  private async upsertAnnouncement(em: EntityManager, row: ListingRow): Promise<'accepted' | 'updated' | 'unchanged'> {
    const repo = em.getRepository(AnnouncementEntity);
    const importKey = `${row.kind}|${row.title}`;
    const patch: Partial<AnnouncementEntity> = {
      kind: row.kind,
      field: row.field,
      title: row.title,
      issuer: row.posterName,
      regionCode: row.regionCode,
      sourceYear: row.sourceYear,
      note: row.note,
      sourceUrls: row.sourceUrls,
    };
    const existing = await repo.findOne({ where: { importKey } });
    if (!existing) {
      await repo.save(repo.create({ ...patch, importKey }));
      return 'accepted';
    }
    if (!assignChanged(existing, patch)) return 'unchanged';
    await repo.save(existing);
    return 'updated';
  }
}
