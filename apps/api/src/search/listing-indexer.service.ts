import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { beijingDate } from '@jiebang/policy';
import {
  IndexListingPayload,
  IndexOrganizationPayload,
  ListingStatus,
  prefectureOf,
  regionFullName,
  regionPath,
  SEARCH_QUEUE,
  SearchJob,
} from '@jiebang/contracts';
import { JobHandle, JobsService } from '../jobs/jobs.service';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingDocument, LISTINGS_INDEX, ORGANIZATIONS_INDEX } from './listing-index';
import { SearchEngine } from './search-engine.port';

/** Who took a listing and when (its 揭榜结果), as the index carries it. */
export interface TakenBy {
  takerName: string;
  /** `YYYY-MM-DD`. */
  signedOn: string;
}

/**
 * Builds the search document of a listing (the index is derived from PostgreSQL only). `taken` is the listing's
 * 揭榜结果 when a deal on it is signed (issue 16 item 11), else undefined / null.
 */
export function toListingDocument(l: ListingEntity, taken?: TakenBy | null): ListingDocument {
  return {
    id: l.id,
    kind: l.kind,
    field: l.field as ListingDocument['field'],
    title: l.title,
    summary: l.summary,
    posterName: l.posterName,
    posterOrgType: l.poster?.type ?? null,
    posterCarrierKinds: l.poster?.carrierKinds ?? [],
    regionCode: l.regionCode,
    regionName: regionFullName(l.regionCode),
    cityCode: prefectureOf(l.regionCode),
    regionPath: regionPath(l.regionCode),
    status: l.status,
    totalInvestmentFen: l.totalInvestmentFen === null ? null : Number(l.totalInvestmentFen),
    publishedAt: l.publishedAt ? l.publishedAt.getTime() : null,
    publishedOn: l.publishedAt && !l.importKey ? beijingDate(l.publishedAt) : null,
    sourceYear: l.sourceYear,
    taken: !!taken,
    takerName: taken?.takerName ?? null,
    signedOn: taken?.signedOn ?? null,
    offerAmountFen: l.offerAmountFen === null || l.offerAmountFen === undefined ? null : Number(l.offerAmountFen),
    applyDeadline: l.applyDeadline ?? null,
    applyDeadlineDay: l.applyDeadline ? Number(l.applyDeadline.replace(/-/g, '')) : null,
    cooperationForms: l.cooperationForms ?? [],
  };
}

/** The organisation document: names, main business and the titles of its published listings. */
export interface OrganizationDocument {
  id: string;
  name: string;
  formerNames: string[];
  mainBusiness: string | null;
  listingTitles: string[];
  note: string | null;
  type: string;
  regionCode: string | null;
  verified: boolean;
}

/**
 * Keeps the search indexes in step with PostgreSQL through queue jobs: `index-listing` / `index-organization`
 * after each commit that changes one, `reindex` to rebuild everything. Only published listings are indexed.
 */
@Injectable()
export class ListingIndexerService implements OnModuleInit {
  constructor(
    @InjectRepository(ListingEntity) private readonly listings: Repository<ListingEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: SearchEngine,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<IndexListingPayload>(SEARCH_QUEUE, SearchJob.IndexListing, (p) => this.indexOne(p.listingId));
    this.jobs.register<IndexOrganizationPayload>(SEARCH_QUEUE, SearchJob.IndexOrganization, (p) =>
      this.indexOrganizations([p.orgId]),
    );
    this.jobs.register(SEARCH_QUEUE, SearchJob.Reindex, () => this.reindexAll().then(() => undefined));
  }

  /** Enqueues indexing of one listing; call only after the transaction that changed it has committed. */
  enqueueIndex(listing: Pick<ListingEntity, 'id' | 'updatedAt'>): Promise<JobHandle> {
    return this.jobs.enqueue<IndexListingPayload>(
      SEARCH_QUEUE,
      SearchJob.IndexListing,
      { listingId: listing.id },
      `index-listing:${listing.id}:${listing.updatedAt.getTime()}`,
    );
  }

  /** Enqueues indexing of one organisation; call only after the transaction that changed it has committed. */
  enqueueIndexOrganization(orgId: string, version: number = Date.now()): Promise<JobHandle> {
    return this.jobs.enqueue<IndexOrganizationPayload>(
      SEARCH_QUEUE,
      SearchJob.IndexOrganization,
      { orgId },
      `index-organization:${orgId}:${version}`,
    );
  }

  /** Enqueues a full rebuild of every index from PostgreSQL. */
  enqueueReindex(): Promise<JobHandle> {
    return this.jobs.enqueue(SEARCH_QUEUE, SearchJob.Reindex, {}, `reindex:${Date.now()}`);
  }

  /** Creates both indexes with their settings (idempotent), so that searching an empty platform works. */
  async ensureIndexes(): Promise<void> {
    await this.engine.ensureIndex(LISTINGS_INDEX);
    await this.engine.ensureIndex(ORGANIZATIONS_INDEX);
  }

  /** Indexes a listing if it is published, removes it from the index otherwise. */
  async indexOne(listingId: string): Promise<void> {
    await this.engine.ensureIndex(LISTINGS_INDEX);
    const l = await this.listings.findOne({ where: { id: listingId }, relations: { poster: true } });
    if (l && l.status === ListingStatus.Published) {
      const taken = (await this.takenBy([l.id])).get(l.id);
      await this.engine.upsert(LISTINGS_INDEX, [toListingDocument(l, taken)]);
    } else await this.engine.delete(LISTINGS_INDEX, [listingId]);
  }

  /** (Re)indexes organisations by id; ids no longer in PostgreSQL are removed from the index. */
  async indexOrganizations(ids: string[]): Promise<void> {
    await this.engine.ensureIndex(ORGANIZATIONS_INDEX);
    const docs = await this.organizationDocuments(ids);
    await this.engine.upsert(ORGANIZATIONS_INDEX, docs);
    const found = new Set(docs.map((d) => d.id));
    await this.engine.delete(
      ORGANIZATIONS_INDEX,
      ids.filter((id) => !found.has(id)),
    );
  }

  private async organizationDocuments(ids?: string[]): Promise<OrganizationDocument[]> {
    const orgs = await this.db
      .getRepository(OrganizationEntity)
      .find(ids ? { where: { id: In(ids) } } : { order: { createdAt: 'ASC' } });
    const titles: { poster_org_id: string; titles: string[] }[] = await this.db.query(
      `SELECT poster_org_id, array_agg(title ORDER BY title) AS titles FROM listing
       WHERE status IN ('published', 'closed') AND poster_org_id = ANY($1::uuid[]) GROUP BY poster_org_id`,
      [orgs.map((o) => o.id)],
    );
    const byOrg = new Map(titles.map((t) => [t.poster_org_id, t.titles]));
    return orgs.map((o) => ({
      id: o.id,
      name: o.name,
      formerNames: o.formerNames,
      mainBusiness: o.mainBusiness,
      listingTitles: byOrg.get(o.id) ?? [],
      note: o.note,
      type: o.type,
      regionCode: o.regionCode,
      verified: o.verified,
    }));
  }

  /** Rebuilds every index from PostgreSQL; returns the number of listings indexed. */
  async reindexAll(): Promise<number> {
    const rows = await this.listings.find({
      where: { status: ListingStatus.Published },
      relations: { poster: true },
      order: { publishedAt: 'DESC' },
    });
    const taken = await this.takenBy(rows.map((r) => r.id));
    await this.engine.replaceAll(
      LISTINGS_INDEX,
      rows.map((r) => toListingDocument(r, taken.get(r.id))),
    );
    await this.engine.replaceAll(ORGANIZATIONS_INDEX, await this.organizationDocuments());
    return rows.length;
  }

  /**
   * The 揭榜结果 of these listings: for each with a signed deal, the lead taker of its first signed deal and the
   * signing date (the same rule as `ListingsService.results`, seed `004 §9(七)`).
   */
  private async takenBy(listingIds: string[]): Promise<Map<string, TakenBy>> {
    if (!listingIds.length) return new Map();
    const rows: { listing_id: string; taker_name: string; signed_on: string }[] = await this.db.query(
      `SELECT DISTINCT ON (d.listing_id) d.listing_id, t.name AS taker_name,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on
       FROM deal d JOIN organization t ON t.id = d.taker_org_id
       WHERE d.signed_on IS NOT NULL AND d.listing_id = ANY($1::uuid[])
       ORDER BY d.listing_id, d.signed_on`,
      [listingIds],
    );
    return new Map(rows.map((r) => [r.listing_id, { takerName: r.taker_name, signedOn: r.signed_on }]));
  }

  /** True when each index holds as many documents as PostgreSQL has rows for it. */
  async inSync(): Promise<boolean> {
    const [listings, listingDocs, orgs, orgDocs] = await Promise.all([
      this.listings.count({ where: { status: ListingStatus.Published } }),
      this.engine.count(LISTINGS_INDEX),
      this.db.getRepository(OrganizationEntity).count(),
      this.engine.count(ORGANIZATIONS_INDEX),
    ]);
    return listings === listingDocs && orgs === orgDocs;
  }
}
