import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';
import { SearchHitCache } from './search-hit-cache';

const DEF: IndexDefinition = { name: 'listings', searchable: [], filterable: [], sortable: [] };

/** An in-memory engine: each search answers its query text and the number of searches so far; the version is set. */
class CountingEngine extends SearchEngine {
  version_: string | null = 'v1';
  searches = 0;
  /** Resolves the searches held back by `hold`. */
  release: (() => void) | undefined;
  private held: Promise<void> | undefined;

  hold(): void {
    this.held = new Promise((r) => (this.release = r));
  }
  async search<T>(_def: IndexDefinition, requests: SearchRequest[]): Promise<SearchResult<T>[]> {
    const n = ++this.searches;
    await this.held;
    return requests.map((r) => ({
      hits: [{ q: r.q, n } as unknown as SearchResult<T>['hits'][number]],
      totalHits: 1,
      page: 1,
      totalPages: 1,
      facetDistribution: {},
    }));
  }
  async version(): Promise<string | null> {
    return this.version_;
  }
  ensureIndex = async () => undefined;
  upsert = async () => undefined;
  delete = async () => undefined;
  replaceAll = async () => undefined;
  count = async () => 0;
  ping = async () => undefined;
}

const req = (q: string): SearchRequest => ({ q, page: 1, hitsPerPage: 10 });

describe('SearchHitCache', () => {
  it('answers a repeated search from memory while the index version holds, and searches again once it moves', async () => {
    const engine = new CountingEngine();
    const cache = new SearchHitCache(engine);
    const [a] = await cache.search(DEF, [req('石墨烯')]);
    const [b] = await cache.search(DEF, [req('石墨烯')]);
    expect(b).toBe(a);
    expect(engine.searches).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
    engine.version_ = 'v2';
    const [c] = await cache.search(DEF, [req('石墨烯')]);
    expect(c).not.toBe(a);
    expect(engine.searches).toBe(2);
  });

  it('searches again a result older than maxAgeMs even at the same version', async () => {
    const engine = new CountingEngine();
    const cache = new SearchHitCache(engine);
    const t0 = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0);
    try {
      await cache.search(DEF, [req('氢能')], { maxAgeMs: 1000 });
      now.mockReturnValue(t0 + 1000);
      await cache.search(DEF, [req('氢能')], { maxAgeMs: 1000 });
      expect(engine.searches).toBe(1);
      now.mockReturnValue(t0 + 1001);
      await cache.search(DEF, [req('氢能')], { maxAgeMs: 1000 });
      expect(engine.searches).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('lets identical searches arriving together share one engine search', async () => {
    const engine = new CountingEngine();
    const cache = new SearchHitCache(engine);
    engine.hold();
    const both = Promise.all([cache.search(DEF, [req('储能')]), cache.search(DEF, [req('储能')])]);
    await new Promise((r) => setImmediate(r));
    engine.release?.();
    const [[a], [b]] = await both;
    expect(b).toBe(a);
    expect(engine.searches).toBe(1);
    expect(cache.stats).toMatchObject({ misses: 2, shared: 1 });
  });

  it('caches nothing when the index does not exist or the cache is switched off', async () => {
    const engine = new CountingEngine();
    const cache = new SearchHitCache(engine);
    engine.version_ = null;
    await cache.search(DEF, [req('稀土')]);
    await cache.search(DEF, [req('稀土')]);
    expect(engine.searches).toBe(2);
    engine.version_ = 'v1';
    cache.enabled = false;
    await cache.search(DEF, [req('稀土')]);
    await cache.search(DEF, [req('稀土')]);
    expect(engine.searches).toBe(4);
  });
});
