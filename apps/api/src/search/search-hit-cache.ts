import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { PgListener, StopListening } from '../database/pg-listener';
import { SEARCH_CHANNEL, SearchAnnouncer } from './search-announcer';
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
  /** Index versions read from the engine (`SearchEngine.version`): one per request only while not listening. */
  versionReads: number;
  /** Index-change announcements received (this process's own and those on `SEARCH_CHANNEL`, reconnects not counted). */
  announcements: number;
}

/**
 * The longest a remembered index version is trusted without being read again (ms), announcements or not: bounds
 * how long a change whose announcement was lost (a listening connection that died without notice, a write made
 * to Meilisearch outside the API) goes unseen. The board's own safety age is the same (`BOARD_CACHE_MAX_AGE_MS`).
 */
export const VERSION_MAX_AGE_MS = 60_000;

/** What the cache knows of one index's version (by index uid). */
interface IndexVersion {
  /** The version last read (null: the index did not exist). */
  version: string | null;
  /** When the read of `version` started (ms since the epoch). */
  readAt: number;
  /** False until read, and again after each announcement of the index: the next request reads it. */
  fresh: boolean;
  /** Bumped by each announcement of the index (and on each reconnect): a read started before is not trusted after. */
  generation: number;
  /** The read under way, shared by the requests that arrive while it runs at the same generation. */
  reading?: { generation: number; version: Promise<string | null> };
}

/**
 * Search results remembered per index version (`SearchEngine.version`), for searches that are asked again and
 * again while the index does not change: the board's first screen and its popular queries (and the facet-count
 * searches, the same for every page and sort of a query), and matching's key-term queries (稀土, 永磁, 氢能 …) for
 * every listing of a field (bench/README.md).
 *
 * Freshness rests on the engine's version: a result is served only if it was stored under the version the index
 * has now. Meilisearch moves the version (the index's `createdAt|updatedAt`) in the same step that makes a write
 * searchable. The version is read _before_ the searches run, so a result is never stored under a version older
 * than what it reflects: an index write processed meanwhile only makes the stored entry newer than its key, and
 * the next caller (who has the new version) searches again. Identical searches arriving together at one version
 * share one engine search.
 *
 * _When_ the version is read: not on every request (a Meilisearch round trip on the board's hot path), but when
 * an index has been announced changed. Every write to an index goes through `AnnouncingSearchEngine`, which, once
 * the engine task is done, tells this process synchronously (`SearchAnnouncer.subscribe`) and every process on
 * PostgreSQL channel `SEARCH_CHANNEL` (`jiebang_search`, payload the index uid), which this cache listens to
 * (`PgListener`). An announcement marks the index's remembered version stale; the next request reads it once
 * (concurrent requests share that read; a read started before an announcement answers the requests that were
 * waiting for it but is not remembered). So a listing published or withdrawn through this process shows up /
 * disappears on its next search; through another process (another replica, `npm run reindex`), on the first
 * search after the announcement arrives (milliseconds after the engine task).
 *
 * A missed announcement: while the listening connection is down (before the first `LISTEN`, and from a failure
 * or end of the connection until `PgListener` has listened again) every request reads the version, as without
 * announcements; once listening again, every index is read again once (announcements sent meanwhile are not
 * replayed). A connection that dies unnoticed, or a write made to Meilisearch without announcement, is seen
 * when the remembered version is older than `VERSION_MAX_AGE_MS` (60 s) and read again, and callers bound the
 * age of what they accept with `maxAgeMs` (the board: 60 s). Without a `PgListener` (unit tests) the cache
 * always reads the version per request.
 *
 * Bounded by `MAX_CACHED_HITS` hits, least recently used first out.
 */
@Injectable()
export class SearchHitCache implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new LRUCache<string, { version: string; at: number; result: SearchResult<unknown> }>({
    maxSize: MAX_CACHED_HITS,
    sizeCalculation: (v) => Math.max(1, v.result.hits.length),
  });
  /** Engine searches under way, by version and request. */
  private readonly inflight = new Map<string, Promise<SearchResult<unknown>>>();
  /** The remembered index versions, by index uid. */
  private readonly versions = new Map<string, IndexVersion>();
  private isListening = false;
  private stopListening?: StopListening;
  private unsubscribe?: () => void;
  /** Requests answered from the cache / by the engine since start (for the benchmark). */
  readonly stats: SearchCacheStats = { hits: 0, misses: 0, shared: 0, versionReads: 0, announcements: 0 };
  /**
   * When false, every request goes to the engine and nothing is stored (the search benchmark measures the
   * board without the cache this way). True by default.
   */
  enabled = true;

  constructor(
    private readonly engine: SearchEngine,
    @Optional() private readonly announcer?: SearchAnnouncer,
    @Optional() private readonly pg?: PgListener,
  ) {}

  /**
   * True while the index-change announcements are heard (`SEARCH_CHANNEL` listened to): versions are then read
   * only after an announcement; false before, and while the listening connection is down: read per request.
   */
  get listening(): boolean {
    return this.isListening;
  }

  /** Subscribes to this process's announcements and listens on `SEARCH_CHANNEL` (never fails: see `PgListener`). */
  async onModuleInit(): Promise<void> {
    this.unsubscribe = this.announcer?.subscribe((uid) => this.changed(uid));
    if (!this.pg) return;
    this.stopListening = await this.pg.listen(
      SEARCH_CHANNEL,
      (uid) => this.changed(uid),
      () => {
        this.changed('', false);
        this.isListening = true;
      },
      () => {
        this.isListening = false;
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.isListening = false;
    this.unsubscribe?.();
    await this.stopListening?.();
  }

  /**
   * Marks the remembered version of index `uid` (every index for `''`) stale: the next request reads it again.
   * @param counted whether this is an announcement (counted in `stats.announcements`) rather than a reconnect.
   */
  private changed(uid: string, counted = true): void {
    if (counted) this.stats.announcements++;
    for (const [key, v] of this.versions) {
      if (uid !== '' && key !== uid) continue;
      v.generation++;
      v.fresh = false;
    }
  }

  /**
   * True when `version` is no longer `def`'s index version as remembered (fresh) while listening: a result searched
   * at it is handed to its callers but not stored over what a newer search may have stored.
   */
  private outdated(def: IndexDefinition, version: string): boolean {
    const state = this.isListening ? this.versions.get(this.engine.indexUid(def)) : undefined;
    return !!state?.fresh && state.version !== version;
  }

  /**
   * The version of `def`'s index to search at: the remembered one while listening, fresh and younger than
   * `VERSION_MAX_AGE_MS`; else read from the engine (shared by concurrent requests while listening, one read per
   * request while not).
   */
  private versionOf(def: IndexDefinition): Promise<string | null> {
    if (!this.isListening) {
      this.stats.versionReads++;
      return this.engine.version(def);
    }
    const uid = this.engine.indexUid(def);
    let state = this.versions.get(uid);
    if (!state) this.versions.set(uid, (state = { version: null, readAt: 0, fresh: false, generation: 0 }));
    if (state.fresh && Date.now() - state.readAt <= VERSION_MAX_AGE_MS) return Promise.resolve(state.version);
    if (state.reading?.generation === state.generation) return state.reading.version;
    const s = state;
    const generation = s.generation;
    const readAt = Date.now();
    this.stats.versionReads++;
    const version: Promise<string | null> = this.engine
      .version(def)
      .then((v) => {
        if (s.generation === generation) Object.assign(s, { version: v, readAt, fresh: true });
        return v;
      })
      .finally(() => {
        if (s.reading?.version === version) s.reading = undefined;
      });
    s.reading = { generation, version };
    return version;
  }

  /** Forgets every cached result (the benchmark measures rankings with an empty cache this way). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * The results of `requests` on `def`, in order: cached ones at the current version (and younger than
   * `options.maxAgeMs`), the others searched as separate requests all at once (the engine answers them in
   * parallel). The results are shared: callers must not change them. When the index does not exist, nothing is
   * cached. The index version is remembered between requests while announcements are heard (class docstring).
   * @throws whatever `SearchEngine.version` / `search` throw (engine unreachable, bad request).
   */
  async search<T>(
    def: IndexDefinition,
    requests: SearchRequest[],
    options: SearchCacheOptions = {},
  ): Promise<SearchResult<T>[]> {
    if (!this.enabled) return this.engine.search<T>(def, requests);
    const version = await this.versionOf(def);
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
          if (!this.outdated(def, version)) this.cache.set(key, { version, at, result });
          return result;
        } finally {
          this.inflight.delete(flightKey);
        }
      }),
    );
  }
}
