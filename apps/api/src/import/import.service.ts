import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ListingStatus, OrgType } from '@jiebang/contracts';
import { readAll } from '../database/read-all';
import { JobHandle } from '../jobs/jobs.service';
import { AnnouncementEntity } from '../listings/announcement.entity';
import { ListingEntity } from '../listings/listing.entity';
import { refreshDerivedFields } from '../organizations/derived-fields';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { AuditService } from '../audit/audit.service';
import { ControlEdgeEntity } from '../graph/control-edge.entity';
import { controlEdgeAuditData, GRAPH_RULES } from '../graph/graph.service';
import {
  ControlRow,
  isRejection,
  ListingRow,
  OrgRow,
  parseControlRow,
  parseListingRow,
  parseOrgRow,
  posterOrgName,
  readParentRelation,
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
  /** Control edges: from the `controls` section and from the organisations' `parent` / `relation`. */
  controls: SectionCounts;
  rejected: RowRejection[];
  /** Parent relations stated by a source that were not read as control, with the reason. */
  relationsNotControl: { organization: string; parent: string; reason: string }[];
  /** Search-index jobs enqueued after the commit (await `finished()` to know the board shows them). */
  indexJobs: JobHandle[];
}

/** The accepted file shapes: an array of organisations or of listings, or `{ organizations, listings }`. */
export interface ImportInput {
  organizations?: unknown[];
  listings?: unknown[];
  controls?: unknown[];
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
    return { organizations: arr(o.organizations), listings: arr(o.listings), controls: arr(o.controls) };
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
    private readonly audit: AuditService,
  ) {}

  async import(input: ImportInput): Promise<ImportReport> {
    const report: ImportReport = {
      organizations: zero(),
      listings: zero(),
      announcements: zero(),
      controls: zero(),
      rejected: [],
      relationsNotControl: [],
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
    const controlRows: ControlRow[] = [];
    (input.controls ?? []).forEach((raw, i) => {
      const r = parseControlRow(raw, i);
      if (isRejection(r)) report.rejected.push(r);
      else controlRows.push(r);
    });
    const rejectedOrgNames = new Set(report.rejected.filter((r) => r.section === 'organizations').map((r) => r.key));

    const touchedOrgs = new Set<string>();
    const touched = await this.dataSource.transaction(async (em) => {
      const orgIds = new Map<OrgRow, string>();
      for (const row of orgRows) {
        const [outcome, id] = await this.upsertOrg(em, row);
        report.organizations[outcome] += 1;
        orgIds.set(row, id);
        if (outcome !== 'unchanged') touchedOrgs.add(id);
      }
      for (const row of orgRows) await this.parentEdges(em, row, orgIds.get(row) as string, report, touchedOrgs);
      for (const [i, row] of controlRows.entries()) await this.controlEdge(em, row, i, report);
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
        if (outcome !== 'unchanged') {
          changed.push(entity);
          if (entity.posterOrgId) touchedOrgs.add(entity.posterOrgId);
        }
      }
      await this.deriveFields(em, [...touchedOrgs]);
      return changed;
    });
    report.organizations.rejected = report.rejected.filter((r) => r.section === 'organizations').length;
    report.listings.rejected = report.rejected.filter((r) => r.section === 'listings').length;
    report.controls.rejected = report.rejected.filter((r) => r.section === 'controls').length;
    for (const l of touched) report.indexJobs.push(await this.indexer.enqueueIndex(l));
    for (const id of touchedOrgs) report.indexJobs.push(await this.indexer.enqueueIndexOrganization(id));
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

  private async upsertOrg(em: EntityManager, row: OrgRow): Promise<['accepted' | 'updated' | 'unchanged', string]> {
    const repo = em.getRepository(OrganizationEntity);
    const existing = await this.findOrg(em, { uscc: row.uscc, names: [row.name, ...row.formerNames] });
    const { verified, parentNames: _p, relation: _r, ...fields } = row;
    const patch: Partial<OrganizationEntity> = { ...fields };
    if (verified !== null) patch.verified = verified;
    if (!existing) {
      const saved = await repo.save(repo.create({ ...patch, verifiedAt: patch.verified ? new Date() : null }));
      if (saved.verified) await this.auditVerified(em, saved.id);
      return ['accepted', saved.id];
    }
    if (existing.name !== row.name && !row.formerNames.includes(existing.name)) {
      // A rename keeps the identity: the old name joins the name history.
      patch.formerNames = [...new Set([...row.formerNames, existing.name])];
    }
    const wasVerified = existing.verified;
    if (!assignChanged(existing, patch)) return ['unchanged', existing.id];
    if (existing.verified && !wasVerified) existing.verifiedAt = new Date();
    await repo.save(existing);
    if (existing.verified && !wasVerified) await this.auditVerified(em, existing.id);
    return ['updated', existing.id];
  }

  /** Turns a source's `parent` / `relation` into control edges (or a note saying why not), RULEBOOK §6. */
  private async parentEdges(
    em: EntityManager,
    row: OrgRow,
    orgId: string,
    report: ImportReport,
    touchedOrgs: Set<string>,
  ): Promise<void> {
    if (!row.parentNames.length) return;
    const reading = readParentRelation(row);
    const source = [row.relation, ...row.sourceUrls].filter(Boolean).join(' ; ') || '来源数据 parent 字段';
    for (const parentText of row.parentNames) {
      const parentName = posterOrgName(parentText) ?? parentText;
      let parent = await this.findOrg(em, { uscc: null, names: [...new Set([parentText, parentName])] });
      if (!parent) {
        const repo = em.getRepository(OrganizationEntity);
        parent = await repo.save(
          repo.create({
            name: parentName,
            type: /大学|学院/.test(parentName)
              ? OrgType.University
              : /研究院|研究所/.test(parentName)
                ? OrgType.ResearchInstitute
                : OrgType.Enterprise,
            sourceCategory: 'stated-parent',
            note: `由"${row.name}"的上级单位名称建立,类型按名称推断,单位信息待核实`,
            sourceUrls: row.sourceUrls,
          }),
        );
        touchedOrgs.add(parent.id);
      }
      if (!reading.control) {
        report.relationsNotControl.push({ organization: row.name, parent: parentName, reason: reading.reason });
        continue;
      }
      report.controls[
        await this.upsertEdge(em, {
          controllerOrgId: parent.id,
          controlledOrgId: orgId,
          kind: reading.kind,
          equityPct: reading.equityPct,
          validFrom: null,
          validTo: null,
          source,
        })
      ] += 1;
    }
  }

  private async controlEdge(em: EntityManager, row: ControlRow, index: number, report: ImportReport): Promise<void> {
    const repo = em.getRepository(OrganizationEntity);
    const [controller, controlled] = await readAll(em, [
      () => repo.findOne({ where: { uscc: row.controllerUscc } }),
      () => repo.findOne({ where: { uscc: row.controlledUscc } }),
    ]);
    if (!controller || !controlled) {
      report.rejected.push({
        section: 'controls',
        index,
        key: `${row.controllerUscc}→${row.controlledUscc}`,
        code: 'CONTROL_ORG_UNKNOWN',
        message: `控制关系中的单位未登记: ${!controller ? row.controllerUscc : row.controlledUscc}`,
      });
      return;
    }
    report.controls[
      await this.upsertEdge(em, {
        controllerOrgId: controller.id,
        controlledOrgId: controlled.id,
        kind: row.kind,
        equityPct: row.equityPct,
        validFrom: row.validFrom,
        validTo: row.validTo,
        source: row.source,
      })
    ] += 1;
  }

  /**
   * Writes one control edge of an import, identified by its pair, kind and start date (`validFrom`), with its
   * audit record (`control_edge_imported`) in the import's transaction, as staff's own graph writes have
   * (issue 11 item 6). An edge that staff have ended (`validTo` set) is never reopened by an import that
   * states no end: re-importing a source does not undo an ending.
   */
  private async upsertEdge(
    em: EntityManager,
    edge: Pick<
      ControlEdgeEntity,
      'controllerOrgId' | 'controlledOrgId' | 'kind' | 'equityPct' | 'validFrom' | 'validTo' | 'source'
    >,
  ): Promise<'accepted' | 'updated' | 'unchanged'> {
    const repo = em.getRepository(ControlEdgeEntity);
    const existing = await repo.findOne({
      where: {
        controllerOrgId: edge.controllerOrgId,
        controlledOrgId: edge.controlledOrgId,
        kind: edge.kind,
        validFrom: edge.validFrom ?? IsNull(),
      },
    });
    const normalized = { ...edge, equityPct: edge.equityPct === null ? null : Number(edge.equityPct).toFixed(2) };
    if (existing?.validTo && normalized.validTo === null) normalized.validTo = existing.validTo;
    if (!existing) {
      await this.auditEdge(em, await repo.save(repo.create(normalized)), null);
      return 'accepted';
    }
    const before = { equityPct: existing.equityPct, validTo: existing.validTo, source: existing.source };
    if (!assignChanged(existing, normalized)) return 'unchanged';
    await this.auditEdge(em, await repo.save(existing), before);
    return 'updated';
  }

  /** The audit record of an imported edge: added (`before` null) or changed (with what it was). */
  private async auditEdge(em: EntityManager, e: ControlEdgeEntity, before: Record<string, unknown> | null) {
    await this.audit.append(em, {
      entityType: 'organization',
      entityId: e.controlledOrgId,
      action: 'control_edge_imported',
      actorUserId: null,
      reason: '数据导入',
      rule: GRAPH_RULES.control,
      data: { ...controlEdgeAuditData(e), before },
    });
  }

  /** The audit record of an organisation marked verified by an import (`organization_verified`, no actor). */
  private async auditVerified(em: EntityManager, orgId: string): Promise<void> {
    await this.audit.append(em, {
      entityType: 'organization',
      entityId: orgId,
      action: 'organization_verified',
      actorUserId: null,
      reason: '数据导入',
      rule: 'RULEBOOK §1', // as staff verification (organizations.service)
    });
  }

  /**
   * Fields for matching: organisations that declared none get derived, marked fields (`refreshDerivedFields`:
   * 主营业务 or name, listings, deals); those that declared some get the fields of their own listings added.
   */
  private async deriveFields(em: EntityManager, orgIds: string[]): Promise<void> {
    if (!orgIds.length) return;
    await refreshDerivedFields(em, orgIds);
    await em.query(
      `UPDATE organization o SET fields = sub.f
       FROM (SELECT o2.id, ARRAY(SELECT DISTINCT x FROM unnest(o2.fields || coalesce(l.f, '{}')) x ORDER BY x) AS f
             FROM organization o2
             LEFT JOIN (SELECT poster_org_id, array_agg(field::text) f FROM listing GROUP BY poster_org_id) l
               ON l.poster_org_id = o2.id
             WHERE o2.id = ANY($1::uuid[]) AND NOT o2.fields_derived AND cardinality(o2.fields) > 0) sub
       WHERE o.id = sub.id AND o.fields IS DISTINCT FROM sub.f`,
      [orgIds],
    );
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
      posterName: row.publicPosterName,
      posterOrgId: poster?.id ?? null,
      regionCode: row.regionCode,
      sourceYear: row.sourceYear,
      note: row.note,
      inferredFields: row.inferredFields,
      sourceUrls: row.sourceUrls,
      mirrorUrls: row.mirrorUrls,
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
      mirrorUrls: row.mirrorUrls,
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
