import { FilterNode } from './filter-tree';

/** Settings of one index: Chinese (`cmn`) text attributes, filterable and sortable attributes. */
export interface IndexDefinition {
  name: string;
  searchable: string[];
  filterable: string[];
  sortable: string[];
}

/** A search over one index. `page` is 1-based. Facet counts are computed under `filter`. */
export interface SearchRequest {
  q?: string;
  filter?: FilterNode;
  facets?: string[];
  page: number;
  hitsPerPage: number;
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
  /** Number of documents in the index (0 when it does not exist yet). */
  abstract count(def: IndexDefinition): Promise<number>;
  /** Throws when the engine is unreachable. */
  abstract ping(): Promise<void>;
}
