import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IndexDefinition, SearchEngine, SearchRequest, SearchResult } from './search-engine.port';

/**
 * The PostgreSQL channel on which every process that changed a search index says so (`pg_notify`), with the
 * index's uid (`SearchEngine.indexUid`, e.g. `listings` or `board_listings`) as payload; `''` means "any index".
 */
export const SEARCH_CHANNEL = 'jiebang_search';

/** Told, in this process, the uid of an index that has just changed (`''`: any index). */
export type IndexChangeListener = (uid: string) => void;

/**
 * Says that a search index has changed, once the engine has processed the change (so a reader that re-reads
 * the index version then sees it): first to this process's subscribers, synchronously (`SearchHitCache` marks
 * its remembered version stale before the write's caller goes on), then to every process on `SEARCH_CHANNEL`
 * (`SearchHitCache` listens there through `PgListener`). Announcements only say *when* to re-read the engine's
 * version; correctness rests on that version.
 */
@Injectable()
export class SearchAnnouncer {
  private readonly logger = new Logger(SearchAnnouncer.name);
  private readonly local = new Set<IndexChangeListener>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Calls `listener` with the uid of each index changed by this process from now on; returns the unsubscribe. */
  subscribe(listener: IndexChangeListener): () => void {
    this.local.add(listener);
    return () => this.local.delete(listener);
  }

  /**
   * Announces that index `uid` has changed: to this process's subscribers (synchronously; an exception one
   * throws is logged), then on `SEARCH_CHANNEL`. Never rejects: when PostgreSQL cannot be reached the failure is
   * logged, and the other processes see the change when their listening connection (which then fails as well) is
   * back and they re-read every version, or at the latest after `VERSION_MAX_AGE_MS` (`SearchHitCache`).
   */
  async announce(uid: string): Promise<void> {
    for (const listener of this.local) {
      try {
        listener(uid);
      } catch (e) {
        this.logger.warn(`index change listener failed (${(e as Error)?.message ?? String(e)})`);
      }
    }
    try {
      await this.db.query('SELECT pg_notify($1, $2)', [SEARCH_CHANNEL, uid]);
    } catch (e) {
      this.logger.warn(`index change of ${uid} not announced (${(e as Error)?.message ?? String(e)})`);
    }
  }
}

/**
 * A `SearchEngine` that announces (`SearchAnnouncer`) every change it makes to an index after the underlying
 * engine's write has returned, i.e. once its engine task is done (`ensureIndex`: index creation and settings;
 * `upsert`, `delete`, `replaceAll`: documents, the latter by building aside and swapping): every write of the
 * API, its queue jobs and its CLIs (`npm run reindex`) goes through the one `SearchEngine` provider, so none is
 * left unannounced. A write that fails is announced too (part of it may have been processed), then its error
 * is thrown. Writes of nothing (`upsert` of no documents, `delete` of no ids) change nothing and say nothing.
 * Reads are passed through.
 */
export class AnnouncingSearchEngine extends SearchEngine {
  constructor(
    private readonly engine: SearchEngine,
    private readonly announcer: SearchAnnouncer,
  ) {
    super();
  }

  /** Runs `write` on `def`'s index, then announces the index (also when `write` failed). */
  private async announcing<T>(def: IndexDefinition, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      await this.announcer.announce(this.engine.indexUid(def));
    }
  }

  ensureIndex(def: IndexDefinition): Promise<void> {
    return this.announcing(def, () => this.engine.ensureIndex(def));
  }

  upsert(def: IndexDefinition, docs: object[]): Promise<void> {
    if (!docs.length) return this.engine.upsert(def, docs);
    return this.announcing(def, () => this.engine.upsert(def, docs));
  }

  delete(def: IndexDefinition, ids: string[]): Promise<void> {
    if (!ids.length) return this.engine.delete(def, ids);
    return this.announcing(def, () => this.engine.delete(def, ids));
  }

  replaceAll(def: IndexDefinition, docs: object[]): Promise<void> {
    return this.announcing(def, () => this.engine.replaceAll(def, docs));
  }

  search<T>(def: IndexDefinition, requests: SearchRequest[]): Promise<SearchResult<T>[]> {
    return this.engine.search<T>(def, requests);
  }

  version(def: IndexDefinition): Promise<string | null> {
    return this.engine.version(def);
  }

  count(def: IndexDefinition): Promise<number> {
    return this.engine.count(def);
  }

  ping(): Promise<void> {
    return this.engine.ping();
  }

  override indexUid(def: IndexDefinition): string {
    return this.engine.indexUid(def);
  }
}
