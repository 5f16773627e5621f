import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ListingSearchResponse } from '@jiebang/contracts';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { bootApp } from '../helpers/app';

/** Published synthetic listings: four in five about 石墨烯, one in five about 氢能. */
const N = 15_000;
const GRAPHENE = N - N / 5;

/**
 * The board's totals at a size past Meilisearch's default cap of 10,000 counted hits (issue "Speed where it
 * counts", item 3): the total, the facet counts and the page count are exact, and the last page answers.
 */
describe('board totals beyond 10,000 hits', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootApp('boardscale');
    await app.get(DataSource).query(
      `INSERT INTO listing (kind, field, title, status, poster_name, published_at)
       SELECT CASE WHEN n % 2 = 0 THEN 'achievement' ELSE 'challenge' END,
              CASE WHEN n % 5 = 0 THEN 'hydrogen' ELSE 'graphene' END,
              CASE WHEN n % 5 = 0 THEN '氢能储运成果 ' ELSE '石墨烯导热膜成果 ' END || n,
              'published', '合成单位 ' || (n % 97), now() - n * interval '1 minute'
       FROM generate_series(1, ${N}) AS n`,
    );
    expect(await app.get(ListingIndexerService).reindexAll()).toBe(N);
  });
  afterAll(() => app?.close());

  const search = async (query: Record<string, string | number>) =>
    (await request(app.getHttpServer()).get('/api/v1/listings').query(query).expect(200)).body as ListingSearchResponse;

  it('reports the exact total, facet counts and page count of a query matching more than 10,000', async () => {
    const res = await search({ q: '石墨烯', hitsPerPage: 20 });
    expect(res.totalHits).toBe(GRAPHENE);
    expect(res.totalPages).toBe(Math.ceil(GRAPHENE / 20));
    expect(res.facetDistribution.field).toEqual({ graphene: GRAPHENE });
    expect(res.facetDistribution.kind).toEqual({ achievement: GRAPHENE / 2, challenge: GRAPHENE / 2 });
  });

  it('counts everything without a query and reaches the last page', async () => {
    const all = await search({ hitsPerPage: 50 });
    expect(all.totalHits).toBe(N);
    const last = await search({ hitsPerPage: 50, page: all.totalPages });
    expect(last.page).toBe(all.totalPages);
    expect(last.hits).toHaveLength(N - 50 * (all.totalPages - 1));
  });
});
