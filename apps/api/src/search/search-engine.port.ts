import { FilterNode } from './filter-tree';

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
}

export interface SearchResult<T> {
  hits: (T & { _formatted?: Record<string, unknown> })[];
  totalHits: number;
  page: number;
  totalPages: number;
  facetDistribution: Record<string, Record<string, number>>;
}

/**
 * The search port (ARCHITECTURE §Search). Callers never build engine filter strings; they pass
 * `FilterNode` trees. The index is derived from PostgreSQL and can be rebuilt at any time.
 */
export abstract class SearchEngine {
  /** Creates the listings index and applies its settings (idempotent). */
  abstract ensureListingsIndex(): Promise<void>;
  /** Adds or replaces documents (by `id`) and waits until they are searchable. */
  abstract upsertListings(docs: object[]): Promise<void>;
  /** Removes documents by id and waits until done. */
  abstract deleteListings(ids: string[]): Promise<void>;
  /** Replaces the whole index content atomically (build aside, then swap). */
  abstract replaceAllListings(docs: object[]): Promise<void>;
  /** Runs several searches in one round trip (used for disjunctive facets). */
  abstract searchListings<T>(requests: SearchRequest[]): Promise<SearchResult<T>[]>;
  /** Number of documents in the listings index. */
  abstract countListings(): Promise<number>;
  /** Throws when the engine is unreachable. */
  abstract ping(): Promise<void>;
}
