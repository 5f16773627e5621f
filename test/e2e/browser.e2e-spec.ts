import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { runBoardScenario } from '../browser/board.scenario';
import { runStaffScenario } from '../browser/staff.scenario';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { bootApp, demoData, importAndIndex, seedAccounts } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');

/** An achievement posted by 包头稀土研究院, whose controller (北方稀土) and sister company are blocked. */
const STAFF_LISTING = {
  kind: 'achievement',
  field: '稀土',
  title: '浏览器测试:稀土永磁钕铁硼成果转化',
  poster: '包头稀土研究院',
  regionCode: '150200',
  source: ['test'],
};
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');

/**
 * The public board in a real browser (Debian chromium via playwright-core) against the real app serving the
 * built web app (`npm run build:web`), real PostgreSQL and real Meilisearch.
 */
describe('board in the browser', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(ROOT, 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    }
    app = await bootApp('browser', { env: { WEB_DIST_DIR: resolve(ROOT, 'dist', 'web') } });
    const data = demoData() as { organizations: unknown[]; listings: unknown[] };
    await importAndIndex(app, {
      organizations: data.organizations,
      listings: [...data.listings, STAFF_LISTING],
    });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app?.close());

  it('searches 石墨烯, shows highlighted graphene results and opens a detail page', async () => {
    const result = await runBoardScenario({ baseUrl, screenshotDir: ARTIFACTS, query: '石墨烯' });
    const graphene: { title: string }[] = await app
      .get(DataSource)
      .query(`SELECT title FROM listing WHERE field = 'graphene' AND kind = 'achievement' AND title LIKE '%石墨烯%'`);
    expect(graphene.length).toBeGreaterThan(0);
    for (const g of graphene) expect(result.resultTitles).toContain(g.title);
    expect(result.markedTexts.length).toBeGreaterThan(0);
    expect(new Set(result.markedTexts)).toEqual(new Set(['石墨烯']));
    expect(result.resultTitles).toContain(result.detailTitle);
    expect(result.screenshots.map((s) => s.split('/').pop())).toEqual(
      expect.arrayContaining(['board-search.png', 'listing-detail.png']),
    );
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });

  it('shows staff the ranked candidates and why 北方稀土 may not take the listing, with the chain', async () => {
    const [listing] = await app.get(DataSource).query(`SELECT id FROM listing WHERE title = $1`, [STAFF_LISTING.title]);
    const result = await runStaffScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      username: 'staff.broker',
      password: DEMO_PASSWORD,
      listingId: listing.id,
      lookupOrgName: '中国北方稀土(集团)高科技股份有限公司',
    });
    expect(result.matchNames.length).toBeGreaterThan(0);
    expect(result.matchNames).not.toContain('中国北方稀土(集团)高科技股份有限公司');
    expect(result.matchNames).not.toContain('包头华美稀土(公司)');
    expect(result.eligible).toBe(false);
    expect(result.blockCodes).toEqual(['CONTROLLER_OF_POSTER']);
    expect(result.pathText).toContain('中国北方稀土(集团)高科技股份有限公司');
    expect(result.pathText).toContain('协议控制');
    expect(result.pathText).toContain('包头稀土研究院');
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });
});
