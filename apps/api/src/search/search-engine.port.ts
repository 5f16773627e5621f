import { FilterNode } from './filter-tree';

/** Settings of one index: Chinese (`cmn`) text attributes, filterable and sortable attributes. */
export interface IndexDefinition {
  name: string;
  searchable: string[];
  filterable: string[];
  sortable: string[];
}

/**
 * A search over one index. Facet counts are computed under `filter`. Either numbered pages (`page`, 1-based, and
 * `hitsPerPage`: `totalHits` is then exhaustive) or, when only the first hits matter, `limit` (the first `limit`
 * hits in the same order; `totalHits` is then Meilisearch's estimate, which spares it counting every match).
 */
export type SearchRequest = SearchOptions &
  ({ page: number; hitsPerPage: number; limit?: never } | { limit: number; page?: never; hitsPerPage?: never });

/** What a search asks besides its pagination (`SearchRequest`). */
export interface SearchOptions {
  q?: string;
  filter?: FilterNode;
  facets?: string[];
  sort?: string[];
  /** Attributes to return with `<mark>` highlights under `_formatted`. */
  highlight?: string[];
  /** Return `_rankingScore` (0–1) on every hit. */
  rankingScore?: boolean;
  /** Only these attributes in the hits. */
  attributes?: string[];
}

export interface SearchResult<T> {
  hits: (T & { _formatted?: Record<string, unknown>; _rankingScore?: number })[];
  totalHits: number;
  page: number;
  totalPages: number;
  facetDistribution: Record<string, Record<string, number>>;
}

/**
 * The search port (ARCHITECTURE §Search). Callers never build engine filter strings; they pass
 * `FilterNode` trees. Every index is derived from PostgreSQL and can be rebuilt at any time.
 */
export abstract class SearchEngine {
  /** Creates the index and applies its settings (idempotent). */
  abstract ensureIndex(def: IndexDefinition): Promise<void>;
  /** Adds or replaces documents (by `id`) and waits until they are searchable. */
  abstract upsert(def: IndexDefinition, docs: object[]): Promise<void>;
  /** Removes documents by id and waits until done. */
  abstract delete(def: IndexDefinition, ids: string[]): Promise<void>;
  /** Replaces the whole index content atomically (build aside, then swap). */
  abstract replaceAll(def: IndexDefinition, docs: object[]): Promise<void>;
  /** Runs several searches on one index in one round trip (used for disjunctive facets). */
  abstract search<T>(def: IndexDefinition, requests: SearchRequest[]): Promise<SearchResult<T>[]>;
  /**
   * An opaque value that changes whenever the index's documents or settings change (once the change has been
   * processed), or null when the index does not exist. Read it before a search to know what the hits reflect.
   */
  abstract version(def: IndexDefinition): Promise<string | null>;
  /** Number of documents in the index (0 when it does not exist yet). */
  abstract count(def: IndexDefinition): Promise<number>;
  /** Throws when the engine is unreachable. */
  abstract ping(): Promise<void>;
  /**
   * The engine's name of the index of `def` (what index-change announcements carry, `SearchAnnouncer`): its
   * `name` unless the engine prefixes it (`MEILI_INDEX_PREFIX`).
   */
  indexUid(def: IndexDefinition): string {
    return def.name;
  }
}
