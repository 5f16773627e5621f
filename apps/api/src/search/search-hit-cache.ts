import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';

/** At most this many hits (summed over the cached results) are kept: ~100 bytes each, so ~20 MB. */
const MAX_CACHED_HITS = 200_000;

/** How `SearchHitCache.search` may answer. */
export interface SearchCacheOptions {
  /**
   * A safety net on top of the index version: a result older than this (ms) is searched again even if the index
   * version has not moved. Unset: kept as long as the version holds (and the LRU keeps it).
   */
  maxAgeMs?: number;
}

/** Requests answered from the cache, by the engine, and by an identical search already under way. */
export interface SearchCacheStats {
  hits: number;
  misses: number;
  /** Misses that waited for the same search another caller had just sent (one engine search for both). */
  shared: number;
}

/**
 * Search results remembered per index version (`SearchEngine.version`), for searches that are asked again and
 * again while the index does not change: the board's first screen and its popular queries (and the facet-count
 * searches, the same for every page and sort of a query), and matching's key-term queries (稀土, 永磁, 氢能 …) for
 * every listing of a field (bench/README.md).
 *
 * A result is served from the cache only if it was stored under the version the index has now, read from the
 * engine on every call: Meilisearch moves the version (the index's `createdAt|updatedAt`) in the same step that
 * makes a write searchable, so a listing published or withdrawn shows up / disappears on the next search after its
 * indexing, in every API process alike (nothing to share or to invalidate between processes). The version is read
 * _before_ the searches run, so a result is never stored under a version older than what it reflects: an index
 * write processed meanwhile only makes the stored entry newer than its key, and the next caller (who reads the new
 * version) searches again. Identical searches arriving together at one version share one engine search. Bounded by
 * `MAX_CACHED_HITS` hits, least recently used first out; `maxAgeMs` bounds the age of what a caller accepts.
 */
@Injectable()
export class SearchHitCache {
  private readonly cache = new LRUCache<string, { version: string; at: number; result: SearchResult<unknown> }>({
    maxSize: MAX_CACHED_HITS,
    sizeCalculation: (v) => Math.max(1, v.result.hits.length),
  });
  /** Engine searches under way, by version and request. */
  private readonly inflight = new Map<string, Promise<SearchResult<unknown>>>();
  /** Requests answered from the cache / by the engine since start (for the benchmark). */
  readonly stats: SearchCacheStats = { hits: 0, misses: 0, shared: 0 };
  /**
   * When false, every request goes to the engine and nothing is stored (the search benchmark measures the
   * board without the cache this way). True by default.
   */
  enabled = true;

  constructor(private readonly engine: SearchEngine) {}

  /** Forgets every cached result (the benchmark measures rankings with an empty cache this way). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * The results of `requests` on `def`, in order: cached ones at the current version (and younger than
   * `options.maxAgeMs`), the others searched as separate requests all at once (the engine answers them in
   * parallel). The results are shared: callers must not change them. When the index does not exist, nothing is
   * cached.
   * @throws whatever `SearchEngine.version` / `search` throw (engine unreachable, bad request).
   */
  async search<T>(
    def: IndexDefinition,
    requests: SearchRequest[],
    options: SearchCacheOptions = {},
  ): Promise<SearchResult<T>[]> {
    if (!this.enabled) return this.engine.search<T>(def, requests);
    const version = await this.engine.version(def);
    const now = Date.now();
    return Promise.all(
      requests.map(async (request) => {
        const key = `${def.name}\u0000${JSON.stringify(request)}`;
        const cached = version === null ? undefined : this.cache.get(key);
        if (
          cached &&
          cached.version === version &&
          (options.maxAgeMs === undefined || now - cached.at <= options.maxAgeMs)
        ) {
          this.stats.hits++;
          return cached.result as SearchResult<T>;
        }
        this.stats.misses++;
        if (version === null) return (await this.engine.search<T>(def, [request]))[0];
        const flightKey = `${version}\u0000${key}`;
        const pending = this.inflight.get(flightKey);
        if (pending) {
          this.stats.shared++;
          return (await pending) as SearchResult<T>;
        }
        const at = Date.now();
        const search = this.engine.search<T>(def, [request]).then(([result]) => result);
        this.inflight.set(flightKey, search);
        try {
          const result = await search;
          this.cache.set(key, { version, at, result });
          return result;
        } finally {
          this.inflight.delete(flightKey);
        }
      }),
    );
  }
}
