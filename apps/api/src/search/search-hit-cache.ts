import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';

/** At most this many hits (summed over the cached results) are kept: ~100 bytes each, so ~20 MB. */
const MAX_CACHED_HITS = 200_000;

/**
 * Search results remembered per index version (`SearchEngine.version`), for searches that are asked again and
 * again while the index does not change — matching asks the same key-term queries (稀土, 永磁, 氢能 …) for every
 * listing of a field, and the same listing's text for every page of its candidates (bench/README.md).
 *
 * A result is served from the cache only if it was stored under the version the index has now. The version is
 * read _before_ the searches run, so a result is never stored under a version older than what it reflects: an
 * index write processed meanwhile only makes the stored entry newer than its key, and the next caller (who
 * reads the new version) searches again. Bounded by `MAX_CACHED_HITS` hits, least recently used first out.
 * Per process; nothing to share or invalidate across API processes, since every process reads the version.
 */
@Injectable()
export class SearchHitCache {
  private readonly cache = new LRUCache<string, { version: string; result: SearchResult<unknown> }>({
    maxSize: MAX_CACHED_HITS,
    sizeCalculation: (v) => Math.max(1, v.result.hits.length),
  });
  /** Requests answered from the cache / by the engine since start (for the benchmark). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly engine: SearchEngine) {}

  /** Forgets every cached result (the benchmark measures rankings with an empty cache this way). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * The results of `requests` on `def`, in order: cached ones at the current version, the others searched as
   * separate requests all at once (the engine answers them in parallel). The results are shared: callers must
   * not change them. When the index does not exist, nothing is cached.
   * @throws whatever `SearchEngine.version` / `search` throw (engine unreachable, bad request).
   */
  async search<T>(def: IndexDefinition, requests: SearchRequest[]): Promise<SearchResult<T>[]> {
    const version = await this.engine.version(def);
    return Promise.all(
      requests.map(async (request) => {
        const key = `${def.name}\u0000${JSON.stringify(request)}`;
        const cached = version === null ? undefined : this.cache.get(key);
        if (cached && cached.version === version) {
          this.stats.hits++;
          return cached.result as SearchResult<T>;
        }
        this.stats.misses++;
        const [result] = await this.engine.search<T>(def, [request]);
        if (version !== null) this.cache.set(key, { version, result });
        return result;
      }),
    );
  }
}
