import type { DataSource } from 'typeorm';
import type { PgListener } from '../database/pg-listener';
import { SEARCH_CHANNEL, SearchAnnouncer } from './search-announcer';
import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';
import { SearchHitCache, VERSION_MAX_AGE_MS } from './search-hit-cache';

const DEF: IndexDefinition = { name: 'listings', searchable: [], filterable: [], sortable: [] };
const ORGS: IndexDefinition = { name: 'organizations', searchable: [], filterable: [], sortable: [] };

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
  /** Version reads asked of the engine. */
  versionCalls = 0;
  /** Holds the version reads back until `releaseVersion` (set by `holdVersion`). */
  releaseVersion: (() => void) | undefined;
  private heldVersion: Promise<void> | undefined;

  holdVersion(): void {
    this.heldVersion = new Promise((r) => (this.releaseVersion = r));
  }
  async version(): Promise<string | null> {
    this.versionCalls++;
    const held = this.heldVersion;
    // The version at the time of the read (as Meilisearch answers it), handed over once released.
    const v = this.version_;
    await held;
    return v;
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

/** A `PgListener` stand-in: the test plays the notifications, the reconnects and the losses of the connection. */
class FakeListener {
  channel: string | undefined;
  notify: (payload: string) => void = () => undefined;
  listening: () => void | Promise<void> = () => undefined;
  lost: () => void = () => undefined;
  stopped = false;
  async listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListening: () => void | Promise<void>,
    onLost: () => void,
  ): Promise<() => Promise<void>> {
    this.channel = channel;
    this.notify = onNotify;
    this.listening = onListening;
    this.lost = onLost;
    await onListening();
    return async () => void (this.stopped = true);
  }
}

/** A cache listening through a `FakeListener`, with an announcer whose `pg_notify` goes nowhere. */
async function listeningCache(engine: CountingEngine) {
  const pg = new FakeListener();
  const notified: unknown[][] = [];
  const db = { query: async (...args: unknown[]) => void notified.push(args) } as unknown as DataSource;
  const announcer = new SearchAnnouncer(db);
  const cache = new SearchHitCache(engine, announcer, pg as unknown as PgListener);
  await cache.onModuleInit();
  return { cache, pg, announcer, notified };
}

/** Lets pending promise callbacks run. */
const tick = () => new Promise((r) => setImmediate(r));

describe('SearchHitCache with announcements', () => {
  it('listens on jiebang_search and, while it does, reads an index version only once, not per request', async () => {
    const engine = new CountingEngine();
    const { cache, pg } = await listeningCache(engine);
    expect(pg.channel).toBe(SEARCH_CHANNEL);
    expect(SEARCH_CHANNEL).toBe('jiebang_search');
    expect(cache.listening).toBe(true);
    const [a] = await cache.search(DEF, [req('石墨烯')]);
    await cache.search(DEF, [req('石墨烯')]);
    await cache.search(DEF, [req('储能')]);
    expect(engine.versionCalls).toBe(1);
    expect(cache.stats).toMatchObject({ versionReads: 1, hits: 1, misses: 2 });
    // The index changes without a word: the cache goes on answering from what it has (announcements say when).
    engine.version_ = 'v2';
    expect((await cache.search(DEF, [req('石墨烯')]))[0]).toBe(a);
    expect(engine.versionCalls).toBe(1);
  });

  it("reads the version again after an announcement of the index, from another process or this process's own", async () => {
    const engine = new CountingEngine();
    const { cache, pg, announcer, notified } = await listeningCache(engine);
    const [a] = await cache.search(DEF, [req('石墨烯')]);
    await cache.search(ORGS, [req('石墨烯')]);
    expect(engine.versionCalls).toBe(2);

    // Another process announces the listings index: only that index is read again, once.
    engine.version_ = 'v2';
    pg.notify('listings');
    const [b] = await cache.search(DEF, [req('石墨烯')]);
    await cache.search(DEF, [req('石墨烯')]);
    await cache.search(ORGS, [req('石墨烯')]);
    expect(b).not.toBe(a);
    expect(engine.versionCalls).toBe(3);
    expect(cache.stats.announcements).toBe(1);

    // Another index's uid (another prefix) changes nothing here.
    pg.notify('board_listings');
    await cache.search(DEF, [req('石墨烯')]);
    expect(engine.versionCalls).toBe(3);

    // This process's own announcement marks the version stale before `announce` returns, then notifies the others.
    engine.version_ = 'v3';
    const announced = announcer.announce('listings');
    const [c] = await cache.search(DEF, [req('石墨烯')]);
    await announced;
    expect(c).not.toBe(b);
    expect(engine.versionCalls).toBe(4);
    expect(notified).toEqual([['SELECT pg_notify($1, $2)', [SEARCH_CHANNEL, 'listings']]]);

    // `''` means every index.
    pg.notify('');
    await cache.search(DEF, [req('石墨烯')]);
    await cache.search(ORGS, [req('石墨烯')]);
    expect(engine.versionCalls).toBe(6);
  });

  it('lets the requests after an announcement share one version read', async () => {
    const engine = new CountingEngine();
    const { cache, pg } = await listeningCache(engine);
    await cache.search(DEF, [req('氢能')]);
    pg.notify('listings');
    engine.version_ = 'v2';
    engine.holdVersion();
    const all = Promise.all([1, 2, 3].map(() => cache.search(DEF, [req('氢能')])));
    await tick();
    engine.releaseVersion?.();
    const [[a], [b], [c]] = await all;
    expect(engine.versionCalls).toBe(2);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(engine.searches).toBe(2);
  });

  it('does not remember a version read that started before an announcement, nor let later requests join it', async () => {
    const engine = new CountingEngine();
    const { cache, pg } = await listeningCache(engine);
    engine.holdVersion();
    const first = cache.search(DEF, [req('稀土')]); // reads 'v1'
    await tick();
    const release = engine.releaseVersion;
    engine.version_ = 'v2';
    pg.notify('listings'); // announced while that read is under way
    engine.holdVersion();
    const second = cache.search(DEF, [req('稀土')]); // arrived after the announcement: reads again
    await tick();
    expect(engine.versionCalls).toBe(2);
    // The newer read answers first, the older one last: the older must not overwrite what the newer remembered.
    engine.releaseVersion?.();
    const [b] = await second;
    release?.();
    const [a] = await first;
    expect(b).not.toBe(a);
    // The next request trusts the read that started after the announcement.
    expect((await cache.search(DEF, [req('稀土')]))[0]).toBe(b);
    expect(engine.versionCalls).toBe(2);
  });

  it('reads the version per request while the listening connection is down, and once more after listening again', async () => {
    const engine = new CountingEngine();
    const { cache, pg } = await listeningCache(engine);
    const [a] = await cache.search(DEF, [req('永磁')]);
    pg.lost();
    expect(cache.listening).toBe(false);
    // A change whose announcement is lost with the connection is seen by the next request.
    engine.version_ = 'v2';
    const [b] = await cache.search(DEF, [req('永磁')]);
    const [c] = await cache.search(DEF, [req('永磁')]);
    expect(b).not.toBe(a);
    expect(c).toBe(b);
    expect(engine.versionCalls).toBe(3);

    // Listening again: each index is read once (announcements sent meanwhile are not replayed), then trusted.
    engine.version_ = 'v3';
    await pg.listening();
    expect(cache.listening).toBe(true);
    const [d] = await cache.search(DEF, [req('永磁')]);
    await cache.search(DEF, [req('永磁')]);
    expect(d).not.toBe(c);
    expect(engine.versionCalls).toBe(4);
    expect(cache.stats.announcements).toBe(0);
  });

  it('reads a remembered version again once it is older than VERSION_MAX_AGE_MS, announced or not', async () => {
    const engine = new CountingEngine();
    const { cache } = await listeningCache(engine);
    const t0 = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0);
    try {
      await cache.search(DEF, [req('抛光粉')]);
      now.mockReturnValue(t0 + VERSION_MAX_AGE_MS);
      await cache.search(DEF, [req('抛光粉')]);
      expect(engine.versionCalls).toBe(1);
      now.mockReturnValue(t0 + VERSION_MAX_AGE_MS + 1);
      await cache.search(DEF, [req('抛光粉')]);
      expect(engine.versionCalls).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('stops listening and hearing its own announcements when the module is destroyed', async () => {
    const engine = new CountingEngine();
    const { cache, pg, announcer } = await listeningCache(engine);
    await cache.onModuleDestroy();
    expect(pg.stopped).toBe(true);
    expect(cache.listening).toBe(false);
    await announcer.announce('listings');
    expect(cache.stats.announcements).toBe(0);
  });
});
