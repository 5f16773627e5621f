import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { runBoardScenario } from '../browser/board.scenario';
import { bootApp, demoData, importAndIndex } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');
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
    await importAndIndex(app, demoData());
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
});
