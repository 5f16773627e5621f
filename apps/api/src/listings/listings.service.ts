import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  AnnouncementDto,
  CurrentUser,
  ListingDetail,
  ListingHit,
  ListingSearchQuery,
  ListingSearchResponse,
  ListingStatus,
  regionFullName,
  Role,
} from '@jiebang/contracts';
import { NotFoundError } from '../common/domain-error';
import { FilterNode } from '../search/filter-tree';
import { LISTING_FACETS, LISTINGS_INDEX } from '../search/listing-index';
import { SearchEngine, SearchRequest } from '../search/search-engine.port';
import { AnnouncementEntity } from './announcement.entity';
import { ListingEntity } from './listing.entity';

type Facet = (typeof LISTING_FACETS)[number];

/** Reads the public board: search through the `SearchEngine` port, details and announcements from PostgreSQL. */
@Injectable()
export class ListingsService {
  constructor(
    @InjectRepository(ListingEntity) private readonly listings: Repository<ListingEntity>,
    @InjectRepository(AnnouncementEntity) private readonly announcements: Repository<AnnouncementEntity>,
    private readonly engine: SearchEngine,
  ) {}

  /**
   * Searches published listings. Facet counts are disjunctive: each facet is counted under every filter but
   * its own, so the five field tabs keep their counts when one field is selected; with no filters they equal
   * the database counts of published listings. `page` is 1-based; `hitsPerPage` defaults to 10 (max 100).
   */
  async search(query: ListingSearchQuery): Promise<ListingSearchResponse> {
    const page = query.page ?? 1;
    const hitsPerPage = query.hitsPerPage ?? 10;
    const selected: Partial<Record<Facet, string>> = {
      kind: query.kind,
      field: query.field,
      regionCode: query.regionCode,
      posterOrgType: query.posterOrgType,
    };
    const filterWithout = (skip?: Facet): FilterNode => ({
      op: 'and',
      nodes: [
        { op: 'eq', attr: 'status', value: ListingStatus.Published },
        ...LISTING_FACETS.filter((f) => f !== skip && selected[f] !== undefined).map((f): FilterNode => ({
          op: 'eq',
          attr: f,
          value: selected[f] as string,
        })),
      ],
    });
    const active = LISTING_FACETS.filter((f) => selected[f] !== undefined);
    const requests: SearchRequest[] = [
      {
        q: query.q,
        filter: filterWithout(),
        facets: LISTING_FACETS.filter((f) => selected[f] === undefined),
        page,
        hitsPerPage,
        sort: query.q ? undefined : ['publishedAt:desc'],
        highlight: ['title', 'summary', 'posterName'],
      },
      ...active.map((f) => ({ q: query.q, filter: filterWithout(f), facets: [f], page: 1, hitsPerPage: 1 })),
    ];
    const [main, ...perFacet] = await this.engine.search<ListingHit>(LISTINGS_INDEX, requests);
    const facetDistribution = Object.fromEntries(
      LISTING_FACETS.map((f) => {
        const i = active.indexOf(f);
        const source = i >= 0 ? perFacet[i] : main;
        return [f, source.facetDistribution[f] ?? {}];
      }),
    ) as ListingSearchResponse['facetDistribution'];
    return {
      hits: main.hits.map((h) => {
        const f = (h._formatted ?? {}) as Record<string, unknown>;
        return {
          ...h,
          _formatted: {
            title: f.title as string | undefined,
            summary: f.summary as string | undefined,
            posterName: f.posterName as string | undefined,
          },
        };
      }),
      totalHits: main.totalHits,
      page: main.page,
      totalPages: main.totalPages,
      facetDistribution,
    };
  }

  /**
   * One listing with every 征集表 field. Money stays a string of fen (bigint). Published listings are public;
   * other states only for staff and the poster's users.
   * @throws NotFoundError (404 `NOT_FOUND`) when the listing does not exist or is not visible to `viewer`.
   */
  async detail(id: string, viewer?: CurrentUser): Promise<ListingDetail> {
    const l = await this.listings.findOne({ where: { id }, relations: { poster: true } });
    const privileged = !!viewer && (viewer.role === Role.Staff || (!!viewer.orgId && viewer.orgId === l?.posterOrgId));
    if (!l || (l.status !== ListingStatus.Published && !privileged)) throw new NotFoundError('榜单', id);
    return {
      id: l.id,
      kind: l.kind,
      field: l.field,
      title: l.title,
      status: l.status,
      resultType: l.resultType,
      achievementType: l.achievementType,
      hasOwnIp: l.hasOwnIp,
      ipTypes: l.ipTypes,
      summary: l.summary,
      team: l.team,
      suggestedTimeLimit: l.suggestedTimeLimit,
      totalInvestmentFen: l.totalInvestmentFen,
      regionCode: l.regionCode,
      regionName: regionFullName(l.regionCode),
      sourceYear: l.sourceYear,
      note: l.note,
      inferredFields: l.inferredFields,
      sourceUrls: l.sourceUrls,
      publishedAt: l.publishedAt ? l.publishedAt.toISOString() : null,
      poster: l.poster
        ? {
            id: l.poster.id,
            name: l.poster.name,
            type: l.poster.type,
            regionCode: l.poster.regionCode,
            uscc: l.poster.uscc,
          }
        : null,
      posterName: l.posterName,
      demand: l.demand,
      rejectionReason: l.rejectionReason,
      closeReason: l.closeReason,
      attestedAt: l.attestedAt ? l.attestedAt.toISOString() : null,
    };
  }

  /**
   * The poster organisation of listing `id` (`null` for a listing without one), for access checks of the routes
   * that show a listing's matches, applications or history to staff and the poster's users.
   * @throws NotFoundError 404 when there is no such listing.
   */
  async posterOrgIdOf(id: string): Promise<string | null> {
    const l = await this.listings.findOne({ where: { id }, select: { id: true, posterOrgId: true } });
    if (!l) throw new NotFoundError('榜单', id);
    return l.posterOrgId;
  }

  /** All list-level announcements (榜单公告), newest source year first. */
  async listAnnouncements(): Promise<AnnouncementDto[]> {
    const rows = await this.announcements.find({
      order: { sourceYear: { direction: 'DESC', nulls: 'LAST' }, title: 'ASC' },
    });
    return rows.map((a) => ({
      id: a.id,
      kind: a.kind,
      field: a.field,
      title: a.title,
      issuer: a.issuer,
      regionCode: a.regionCode,
      sourceYear: a.sourceYear,
      note: a.note,
      sourceUrls: a.sourceUrls,
    }));
  }
}
