import { Logger } from '@nestjs/common';
import { Index, MeiliSearch, MeiliSearchApiError } from 'meilisearch';
import { compileFilter } from './filter-tree';
import { DOMAIN_DICTIONARY } from './listing-index';
import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';

const TASK_TIMEOUT_MS = 60000;

/**
 * Meilisearch's `pagination.maxTotalHits`: how many matches a numbered-page search counts and can page through.
 * The engine's default (1,000) and our former 10,000 made the board say 共 10000 条 for a query matching 24,000
 * at 100,000 listings, with the pages past it unreachable. Set far above any catalogue the platform will hold, so
 * `totalHits`, `totalPages` and every page are exact; the cost is paid only by queries that match that many
 * (measure with the search benchmark before lowering or raising it).
 */
export const MAX_TOTAL_HITS = 10_000_000;

/** `SearchEngine` over Meilisearch (client 0.56, server 1.21). */
export class MeilisearchAdapter extends SearchEngine {
  private readonly logger = new Logger(MeilisearchAdapter.name);
  private readonly client: MeiliSearch;

  constructor(
    host: string,
    apiKey: string | undefined,
    private readonly prefix: string,
  ) {
    super();
    // `identity`: fetch (undici) otherwise asks for gzip, and Meilisearch then writes a compressed response in two
    // parts; one of ≥ ~8 KB (e.g. 1,000 hits) waits ~40 ms for the delayed ACK (bench/README.md). The server is
    // next to the API, so compression saves nothing worth that.
    this.client = new MeiliSearch({ host, apiKey, requestInit: { headers: { 'Accept-Encoding': 'identity' } } });
  }

  /** `MEILI_INDEX_PREFIX` followed by the definition's name. */
  override indexUid(def: IndexDefinition): string {
    return `${this.prefix}${def.name}`;
  }

  private async configure(uid: string, def: IndexDefinition): Promise<void> {
    const created = await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (created.status === 'failed' && created.error?.code !== 'index_already_exists') {
      throw new Error(`Meilisearch createIndex failed: ${created.error?.message}`);
    }
    const task = await this.client
      .index(uid)
      .updateSettings({
        searchableAttributes: def.searchable,
        filterableAttributes: def.filterable,
        sortableAttributes: def.sortable,
        localizedAttributes: [{ attributePatterns: def.searchable, locales: ['cmn'] }],
        dictionary: DOMAIN_DICTIONARY,
        faceting: { maxValuesPerFacet: 200 },
        pagination: { maxTotalHits: MAX_TOTAL_HITS },
      })
      .waitTask({ timeout: TASK_TIMEOUT_MS });
    if (task.status === 'failed') throw new Error(`Meilisearch settings failed: ${task.error?.message}`);
  }

  async ensureIndex(def: IndexDefinition): Promise<void> {
    await this.configure(this.indexUid(def), def);
  }

  /**
   * Sends every batch of 1,000 documents first and then waits for all of them: Meilisearch queues them in order
   * and merges queued additions into one indexing pass, where waiting for each batch before sending the next made
   * a reindex of 100,000 listings three to four times slower.
   */
  async upsert(def: IndexDefinition, docs: object[]): Promise<void> {
    const index = this.client.index(this.indexUid(def));
    const enqueued = [];
    for (let i = 0; i < docs.length; i += 1000) enqueued.push(await index.addDocuments(docs.slice(i, i + 1000)));
    const tasks = await this.client.tasks.waitForTasks(enqueued, { timeout: TASK_TIMEOUT_MS * 5 });
    const failed = tasks.find((t) => t.status === 'failed');
    if (failed) throw new Error(`Meilisearch indexing failed: ${failed.error?.message}`);
  }

  async delete(def: IndexDefinition, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const t = await this.client.index(this.indexUid(def)).deleteDocuments(ids).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (t.status === 'failed') throw new Error(`Meilisearch deletion failed: ${t.error?.message}`);
  }

  async replaceAll(def: IndexDefinition, docs: object[]): Promise<void> {
    const uid = this.indexUid(def);
    const tmp = `${uid}_rebuild`;
    await this.client
      .deleteIndex(tmp)
      .waitTask({ timeout: TASK_TIMEOUT_MS })
      .catch(() => undefined);
    await this.configure(tmp, def);
    await this.configure(uid, def);
    await this.upsert({ ...def, name: `${def.name}_rebuild` }, docs);
    const swap = await this.client
      .swapIndexes([{ indexes: [uid, tmp], rename: false }])
      .waitTask({ timeout: TASK_TIMEOUT_MS });
    if (swap.status === 'failed') throw new Error(`Meilisearch swap failed: ${swap.error?.message}`);
    await this.client.deleteIndex(tmp).waitTask({ timeout: TASK_TIMEOUT_MS });
    this.logger.log(`reindexed ${docs.length} documents into ${uid}`);
  }

  async search<T>(def: IndexDefinition, requests: SearchRequest[]): Promise<SearchResult<T>[]> {
    const filterable = new Set(def.filterable);
    const { results } = await this.client.multiSearch({
      queries: requests.map((r) => ({
        indexUid: this.indexUid(def),
        q: r.q ?? '',
        filter: r.filter ? compileFilter(r.filter, filterable) : undefined,
        facets: r.facets,
        ...(r.limit === undefined ? { page: r.page, hitsPerPage: r.hitsPerPage } : { limit: r.limit }),
        sort: r.sort,
        locales: ['cmn'],
        attributesToHighlight: r.highlight,
        attributesToRetrieve: r.attributes,
        showRankingScore: r.rankingScore,
        highlightPreTag: '<mark>',
        highlightPostTag: '</mark>',
      })),
    });
    return results.map((res) => ({
      hits: res.hits as SearchResult<T>['hits'],
      totalHits: res.totalHits ?? res.estimatedTotalHits ?? 0,
      page: res.page ?? 1,
      totalPages: res.totalPages ?? 0,
      facetDistribution: (res.facetDistribution ?? {}) as Record<string, Record<string, number>>,
    }));
  }

  /** `createdAt|updatedAt` of the index: Meilisearch moves `updatedAt` when it has processed a write to it. */
  version(def: IndexDefinition): Promise<string | null> {
    return this.unlessMissing(
      def,
      async (index) => {
        const info = await index.getRawInfo();
        return `${info.createdAt}|${info.updatedAt}`;
      },
      null,
    );
  }

  count(def: IndexDefinition): Promise<number> {
    return this.unlessMissing(def, async (index) => (await index.getStats()).numberOfDocuments, 0);
  }

  /** What `read` gets from the index, or `missing` when the index does not exist (yet). */
  private async unlessMissing<T>(def: IndexDefinition, read: (index: Index) => Promise<T>, missing: T): Promise<T> {
    try {
      return await read(this.client.index(this.indexUid(def)));
    } catch (e) {
      if (e instanceof MeiliSearchApiError && e.cause?.code === 'index_not_found') return missing;
      throw e;
    }
  }

  async ping(): Promise<void> {
    await this.client.health();
  }
}
