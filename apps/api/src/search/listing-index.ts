import { ListingHit } from '@jiebang/contracts';
import { IndexDefinition } from './search-engine.port';

/**
 * Settings of the listings index (ARCHITECTURE §Search): Chinese text segmented with the `cmn` locale, a
 * dictionary of atomic domain terms jieba does not know, and the filterable / sortable attributes the board
 * uses. `totalInvestmentFen` and `offerAmountFen` are stored as numbers of fen (safe integers up to ~90 万亿元).
 * Regions are a hierarchy (issue 16 item 18): `regionPath` (province → 盟市 → 旗县区) is filtered, `cityCode` (盟市)
 * and `regionCode` are counted. `taken` (已揭榜) is indexed once the deal is signed (item 11).
 */
export const LISTINGS_INDEX: IndexDefinition = {
  name: 'listings',
  searchable: ['title', 'summary', 'posterName', 'team', 'note'],
  filterable: [
    'kind',
    'field',
    'regionCode',
    'cityCode',
    'regionPath',
    'status',
    'posterOrgType',
    'posterCarrierKinds',
    'totalInvestmentFen',
    'publishedAt',
    'taken',
    'offerAmountFen',
    'applyDeadlineDay',
    'cooperationForms',
  ],
  sortable: ['publishedAt', 'totalInvestmentFen', 'offerAmountFen', 'applyDeadlineDay'],
};

/**
 * The organisations index, used for text relevance in matching: the organisation's names, main business and
 * the titles of what it has posted, in Chinese.
 */
export const ORGANIZATIONS_INDEX: IndexDefinition = {
  name: 'organizations',
  searchable: ['name', 'formerNames', 'mainBusiness', 'listingTitles', 'note'],
  filterable: ['type', 'regionCode', 'verified'],
  sortable: [],
};

/**
 * The board's facet groups: each is counted under every other group's filter but not its own (disjunctive);
 * `region` counts both `cityCode` (盟市) and `regionCode` (旗县区) and filters on `regionPath`.
 */
export const LISTING_FACETS = ['kind', 'field', 'region', 'posterOrgType', 'taken', 'cooperationForms'] as const;

/** The index attributes each facet group counts. */
export const FACET_ATTRIBUTES: Record<(typeof LISTING_FACETS)[number], string[]> = {
  kind: ['kind'],
  field: ['field'],
  region: ['regionCode', 'cityCode'],
  posterOrgType: ['posterOrgType'],
  taken: ['taken'],
  cooperationForms: ['cooperationForms'],
};

/** Atomic domain terms (ARCHITECTURE §Search) so that a search for e.g. 石墨烯 matches the whole word. */
export const DOMAIN_DICTIONARY = [
  '石墨烯',
  '液流',
  '液流电池',
  '储能',
  '制氢',
  '储氢',
  '绿氢',
  '氢能',
  '捕集',
  '碳捕集',
  '封存',
  '钕铁硼',
  '永磁',
  '稀土',
  '电解槽',
  '电解水',
  '燃料电池',
  '抛光粉',
  '储氢合金',
];

/** The document indexed for one published listing. */
export type ListingDocument = Omit<ListingHit, '_formatted'>;
