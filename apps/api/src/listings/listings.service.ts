import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  AnnouncementDto,
  CurrentUser,
  ListingDetail,
  ListingHit,
  ListingResultDto,
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
   * other states only for staff, the poster's users and the experts invited to screen it (需求论证, `004 §9(二)`)
   * or to review one of its applications (`004 §9(五)`).
   * @throws NotFoundError (404 `NOT_FOUND`) when the listing does not exist or is not visible to `viewer`.
   */
  async detail(id: string, viewer?: CurrentUser): Promise<ListingDetail> {
    const l = await this.listings.findOne({ where: { id }, relations: { poster: true } });
    const privileged = !!viewer && (viewer.role === Role.Staff || (!!viewer.orgId && viewer.orgId === l?.posterOrgId));
    if (!l || (l.status !== ListingStatus.Published && !privileged && !(await this.invitedExpert(id, viewer))))
      throw new NotFoundError('榜单', id);
    const [result = null] = await this.results(id);
    const staff = viewer?.role === Role.Staff;
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
      // Provenance (the import's notes, which fields were inferred, mirror copies of the sources) is for staff
      // (issue 16 items 14–15); everyone reads the official source links.
      note: staff ? l.note : null,
      inferredFields: staff ? l.inferredFields : [],
      sourceUrls: l.sourceUrls,
      ...(staff ? { mirrorUrls: l.mirrorUrls } : {}),
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
      taken: !!result,
      result,
    };
  }

  /**
   * 揭榜结果 (seed `004 §9(七)`): listings whose 揭榜协议 has been signed, with who took them and when, newest first
   * (at most 200); only `listingId` when given.
   */
  async results(listingId?: string): Promise<ListingResultDto[]> {
    const rows: {
      listing_id: string;
      title: string;
      kind: ListingResultDto['kind'];
      field: ListingResultDto['field'];
      poster_name: string;
      taker_name: string;
      signed_on: string;
    }[] = await this.listings.manager.query(
      `SELECT DISTINCT ON (l.id) l.id AS listing_id, l.title, l.kind, l.field, l.poster_name, t.name AS taker_name,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on
       FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization t ON t.id = d.taker_org_id
       WHERE d.signed_on IS NOT NULL AND ($1::uuid IS NULL OR l.id = $1::uuid)
       ORDER BY l.id, d.signed_on`,
      [listingId ?? null],
    );
    return rows
      .map((r) => ({
        listingId: r.listing_id,
        listingTitle: r.title,
        kind: r.kind,
        field: r.field,
        posterName: r.poster_name,
        takerName: r.taker_name,
        signedOn: r.signed_on,
      }))
      .sort((a, b) => b.signedOn.localeCompare(a.signedOn) || a.listingTitle.localeCompare(b.listingTitle))
      .slice(0, 200);
  }

  /** Whether `viewer` is an expert invited to screen listing `id` or to review one of its applications. */
  private async invitedExpert(id: string, viewer?: CurrentUser): Promise<boolean> {
    if (!viewer || viewer.role !== Role.Expert) return false;
    const [row]: { invited: boolean }[] = await this.listings.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM expert_assignment x
         WHERE x.expert_user_id = $2
           AND ((x.subject_type = 'listing' AND x.subject_id = $1)
             OR (x.subject_type = 'application'
                 AND x.subject_id IN (SELECT a.id FROM application a WHERE a.listing_id = $1)))
       ) AS invited`,
      [id, viewer.id],
    );
    return row.invited;
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
