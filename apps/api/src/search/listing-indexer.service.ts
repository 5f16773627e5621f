import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IndexListingPayload, ListingStatus, regionFullName, SEARCH_QUEUE, SearchJob } from '@jiebang/contracts';
import { JobHandle, JobsService } from '../jobs/jobs.service';
import { ListingEntity } from '../listings/listing.entity';
import { ListingDocument } from './listing-index';
import { SearchEngine } from './search-engine.port';

/** Builds the search document of a listing (the index is derived from PostgreSQL only). */
export function toListingDocument(l: ListingEntity): ListingDocument {
  return {
    id: l.id,
    kind: l.kind,
    field: l.field,
    title: l.title,
    summary: l.summary,
    posterName: l.posterName,
    posterOrgType: l.poster?.type ?? null,
    regionCode: l.regionCode,
    regionName: regionFullName(l.regionCode),
    status: l.status,
    totalInvestmentFen: l.totalInvestmentFen === null ? null : Number(l.totalInvestmentFen),
    publishedAt: l.publishedAt ? l.publishedAt.getTime() : null,
  };
}

/**
 * Keeps the search index in step with PostgreSQL through queue jobs: `index-listing` after each commit
 * that changes a listing, `reindex` to rebuild everything. Only published listings are indexed.
 */
@Injectable()
export class ListingIndexerService implements OnModuleInit {
  constructor(
    @InjectRepository(ListingEntity) private readonly listings: Repository<ListingEntity>,
    private readonly engine: SearchEngine,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<IndexListingPayload>(SEARCH_QUEUE, SearchJob.IndexListing, (p) => this.indexOne(p.listingId));
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

  /** Enqueues a full rebuild of the index from PostgreSQL. */
  enqueueReindex(): Promise<JobHandle> {
    return this.jobs.enqueue(SEARCH_QUEUE, SearchJob.Reindex, {}, `reindex:${Date.now()}`);
  }

  /** Indexes a listing if it is published, removes it from the index otherwise. */
  async indexOne(listingId: string): Promise<void> {
    await this.engine.ensureListingsIndex();
    const l = await this.listings.findOne({ where: { id: listingId }, relations: { poster: true } });
    if (l && l.status === ListingStatus.Published) await this.engine.upsertListings([toListingDocument(l)]);
    else await this.engine.deleteListings([listingId]);
  }

  /** Rebuilds the whole index from PostgreSQL; returns the number of documents indexed. */
  async reindexAll(): Promise<number> {
    const rows = await this.listings.find({
      where: { status: ListingStatus.Published },
      relations: { poster: true },
      order: { publishedAt: 'DESC' },
    });
    await this.engine.replaceAllListings(rows.map(toListingDocument));
    return rows.length;
  }

  /** True when the index holds as many documents as PostgreSQL has published listings. */
  async inSync(): Promise<boolean> {
    const [db, idx] = await Promise.all([
      this.listings.count({ where: { status: ListingStatus.Published } }),
      this.engine.countListings(),
    ]);
    return db === idx;
  }
}
