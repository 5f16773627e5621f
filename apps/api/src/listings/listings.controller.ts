import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AnnouncementDto,
  CurrentUser,
  ListingDetail,
  ListingResultDto,
  ListingSearchQuery,
  ListingSearchResponse,
} from '@jiebang/contracts';
import { Public } from '../auth/auth.decorators';
import { ListingsService } from './listings.service';

/** The public board (no login needed for published listings). */
@ApiTags('listings')
@Public()
@Controller()
export class ListingsController {
  constructor(private readonly listings: ListingsService) {}

  /**
   * `GET /api/v1/listings?q=&kind=&field=&regionCode=&posterOrgType=&page=&hitsPerPage=` →
   * `{ hits, totalHits, page, totalPages, facetDistribution: { kind, field, regionCode, posterOrgType } }`,
   * hits with `<mark>` highlights under `_formatted`. Unknown filter values → 400 `VALIDATION_FAILED`.
   */
  @Get('listings')
  @ApiOperation({ summary: '搜索已发布榜单 (public board search)' })
  @ApiOkResponse({ type: ListingSearchResponse })
  search(@Query() query: ListingSearchQuery): Promise<ListingSearchResponse> {
    return this.listings.search(query);
  }

  /**
   * `GET /api/v1/listings/:id` → `ListingDetail`; 400 for a malformed id, 404 `NOT_FOUND` when unpublished
   * (unless the caller is staff or of the poster's organisation: then every state is visible).
   */
  @Get('listings/:id')
  @ApiOperation({ summary: '榜单详情 (every 征集表 field with its sources)' })
  detail(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Req() req: { user?: CurrentUser },
  ): Promise<ListingDetail> {
    return this.listings.detail(id, req.user);
  }

  /**
   * `GET /api/v1/results` (public) → `ListingResultDto[]`: the 揭榜结果 — each listing whose 揭榜协议 is signed, who
   * took it and when (seed `004 §9(七)`), newest first.
   */
  @Get('results')
  @ApiOperation({ summary: '揭榜结果公告 (signed listings: who took them, when)' })
  @ApiOkResponse({ type: [ListingResultDto] })
  results(): Promise<ListingResultDto[]> {
    return this.listings.results();
  }

  /**
   * `GET /api/v1/announcements` → `AnnouncementDto[]` (list-level records, 榜单公告); the import's `note` only for
   * staff.
   */
  @Get('announcements')
  @ApiOperation({ summary: '榜单公告 (published lists, not takeable)' })
  announcements(@Req() req: { user?: CurrentUser }): Promise<AnnouncementDto[]> {
    return this.listings.listAnnouncements(req.user);
  }
}
