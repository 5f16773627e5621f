import { Logger } from '@nestjs/common';
import { MeiliSearch, MeiliSearchApiError } from 'meilisearch';
import { compileFilter } from './filter-tree';
import {
  DOMAIN_DICTIONARY,
  LISTING_FILTERABLE,
  LISTING_SEARCHABLE,
  LISTING_SORTABLE,
  LISTINGS_INDEX,
} from './listing-index';
import { SearchEngine, SearchRequest, SearchResult } from './search-engine.port';

const TASK_TIMEOUT_MS = 60000;

/** `SearchEngine` over Meilisearch (client 0.56, server 1.21). */
export class MeilisearchAdapter extends SearchEngine {
  private readonly logger = new Logger(MeilisearchAdapter.name);
  private readonly client: MeiliSearch;
  private readonly filterable = new Set(LISTING_FILTERABLE);

  constructor(
    host: string,
    apiKey: string | undefined,
    private readonly prefix: string,
  ) {
    super();
    this.client = new MeiliSearch({ host, apiKey });
  }

  private get uid(): string {
    return `${this.prefix}${LISTINGS_INDEX}`;
  }

  private async configure(uid: string): Promise<void> {
    await this.client
      .createIndex(uid, { primaryKey: 'id' })
      .waitTask({ timeout: TASK_TIMEOUT_MS })
      .then((t) => {
        if (t.status === 'failed' && t.error?.code !== 'index_already_exists') throw new Error(t.error?.message);
      });
    const task = await this.client
      .index(uid)
      .updateSettings({
        searchableAttributes: LISTING_SEARCHABLE,
        filterableAttributes: LISTING_FILTERABLE,
        sortableAttributes: LISTING_SORTABLE,
        localizedAttributes: [{ attributePatterns: LISTING_SEARCHABLE, locales: ['cmn'] }],
        dictionary: DOMAIN_DICTIONARY,
        faceting: { maxValuesPerFacet: 200 },
        pagination: { maxTotalHits: 10000 },
      })
      .waitTask({ timeout: TASK_TIMEOUT_MS });
    if (task.status === 'failed') throw new Error(`Meilisearch settings failed: ${task.error?.message}`);
  }

  async ensureListingsIndex(): Promise<void> {
    await this.configure(this.uid);
  }

  async upsertListings(docs: object[]): Promise<void> {
    if (!docs.length) return;
    const t = await this.client.index(this.uid).addDocuments(docs).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (t.status === 'failed') throw new Error(`Meilisearch indexing failed: ${t.error?.message}`);
  }

  async deleteListings(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const t = await this.client.index(this.uid).deleteDocuments(ids).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (t.status === 'failed') throw new Error(`Meilisearch deletion failed: ${t.error?.message}`);
  }

  async replaceAllListings(docs: object[]): Promise<void> {
    const tmp = `${this.uid}_rebuild`;
    await this.client
      .deleteIndex(tmp)
      .waitTask({ timeout: TASK_TIMEOUT_MS })
      .catch(() => undefined);
    await this.configure(tmp);
    await this.configure(this.uid);
    for (let i = 0; i < docs.length; i += 1000) {
      const t = await this.client
        .index(tmp)
        .addDocuments(docs.slice(i, i + 1000))
        .waitTask({ timeout: TASK_TIMEOUT_MS });
      if (t.status === 'failed') throw new Error(`Meilisearch indexing failed: ${t.error?.message}`);
    }
    const swap = await this.client
      .swapIndexes([{ indexes: [this.uid, tmp], rename: false }])
      .waitTask({ timeout: TASK_TIMEOUT_MS });
    if (swap.status === 'failed') throw new Error(`Meilisearch swap failed: ${swap.error?.message}`);
    await this.client.deleteIndex(tmp).waitTask({ timeout: TASK_TIMEOUT_MS });
    this.logger.log(`reindexed ${docs.length} listings`);
  }

  async searchListings<T>(requests: SearchRequest[]): Promise<SearchResult<T>[]> {
    const { results } = await this.client.multiSearch({
      queries: requests.map((r) => ({
        indexUid: this.uid,
        q: r.q ?? '',
        filter: r.filter ? compileFilter(r.filter, this.filterable) : undefined,
        facets: r.facets,
        page: r.page,
        hitsPerPage: r.hitsPerPage,
        sort: r.sort,
        locales: ['cmn'],
        attributesToHighlight: r.highlight,
        highlightPreTag: '<mark>',
        highlightPostTag: '</mark>',
      })),
    });
    return results.map((res) => ({
      hits: res.hits as SearchResult<T>['hits'],
      totalHits: res.totalHits ?? 0,
      page: res.page ?? 1,
      totalPages: res.totalPages ?? 0,
      facetDistribution: (res.facetDistribution ?? {}) as Record<string, Record<string, number>>,
    }));
  }

  async countListings(): Promise<number> {
    try {
      const stats = await this.client.index(this.uid).getStats();
      return stats.numberOfDocuments;
    } catch (e) {
      if (e instanceof MeiliSearchApiError && e.cause?.code === 'index_not_found') return 0;
      throw e;
    }
  }

  async ping(): Promise<void> {
    await this.client.health();
  }
}
