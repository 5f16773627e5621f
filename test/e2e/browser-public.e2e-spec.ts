import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { seedDemoDeals } from '../../apps/api/src/demo/demo-deals';
import { runPublicPagesScenario, VIEWPORTS, type PageFinding, type PageVisit } from '../browser/public-pages.scenario';
import { bootApp, demoData, importAndIndex, seedAccounts } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');
/** The built web app (`npm run build:web`); `TEST_WEB_DIST` points at another build. */
const WEB_DIST = process.env.TEST_WEB_DIST ?? resolve(ROOT, 'dist', 'web');

/**
 * "Right answers where people look" in a real browser (issue 16 items 13, 14, 21), against the real app serving
 * the built web app with the shipped demo data and demo deals: the public pages (board, a listing of each kind,
 * the notice board, results, login, register) and signed-in pages (an organisation, workspace, negotiations,
 * deals, a deal, staff consoles) at 1366 × 900 and 390 × 844. No page may scroll sideways, and none may show an
 * internal code, a seed number or a link to a mirror copy of a source; the notice board shows 公示截止 and the way to
 * object within the screen, and the listing's and the deal's values get at least half the screen's width.
 */
describe('public and signed-in pages at desktop and phone sizes', () => {
  let app: INestApplication;
  let baseUrl: string;
  let pages: PageVisit[];
  let mirrorUrls: string[];

  beforeAll(async () => {
    if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
      throw new Error(`${WEB_DIST} is missing: run \`npm run build:web\` first (npm test does)`);
    }
    app = await bootApp('browser_public', { env: { WEB_DIST_DIR: WEB_DIST } });
    const data = demoData() as {
      listings: { mirrorSource?: string[] }[];
      organizations: { mirrorSource?: string[] }[];
    };
    mirrorUrls = [...new Set([...data.listings, ...data.organizations].flatMap((r) => r.mirrorSource ?? []))];
    await importAndIndex(app, data);
    await seedAccounts(app);
    expect(await seedDemoDeals(app)).toBe(2);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();

    const db = app.get(DataSource);
    // The listings whose sources say most about themselves: a remark-only poster, notes, inferred fields.
    const [challenge] = await db.query(
      `SELECT id FROM listing WHERE kind = 'challenge' AND import_key IS NOT NULL AND note IS NOT NULL
       ORDER BY cardinality(inferred_fields) DESC, title LIMIT 1`,
    );
    const [achievement] = await db.query(
      `SELECT id FROM listing WHERE kind = 'achievement' AND note LIKE '%发榜方原文%' ORDER BY title LIMIT 1`,
    );
    const [org] = await db.query(`SELECT id FROM organization WHERE name = '中国北方稀土(集团)高科技股份有限公司'`);
    const [deal] = await db.query(
      `SELECT d.id, n.id AS negotiation_id FROM deal d JOIN negotiation n ON n.application_id = d.application_id
       ORDER BY d.created_at LIMIT 1`,
    );
    pages = [
      { name: 'board', path: '/', ready: '[data-testid="board-results"]' },
      {
        name: 'challenge',
        path: `/listings/${challenge.id}`,
        ready: '[data-testid="listing-detail"]',
        wide: '[data-testid="detail-descriptions"] .ant-descriptions-item-content',
      },
      {
        name: 'achievement',
        path: `/listings/${achievement.id}`,
        ready: '[data-testid="listing-detail"]',
        wide: '[data-testid="detail-descriptions"] .ant-descriptions-item-content',
      },
      {
        name: 'notices',
        path: '/notices',
        ready: '[data-testid="notice-row"]',
        // 公示截止 and the way to object: the table hid them off-screen on a phone.
        onScreen: ['[data-testid="notice-end"]', '[data-testid="notice-login"]'],
      },
      { name: 'results', path: '/results' },
      { name: 'login', path: '/login', ready: '[data-testid="login-page"]' },
      { name: 'register', path: '/register', ready: '[data-testid="register-page"]' },
      { name: 'organization', path: `/organizations/${org.id}`, as: 'institute.demo' },
      { name: 'listing-signed-in', path: `/listings/${challenge.id}`, as: 'enterprise.demo' },
      { name: 'workspace', path: '/workspace', as: 'enterprise.demo' },
      { name: 'negotiations', path: '/negotiations', as: 'enterprise.demo' },
      { name: 'negotiation', path: `/negotiations/${deal.negotiation_id}`, as: 'enterprise.demo' },
      { name: 'deals', path: '/deals', as: 'enterprise.demo' },
      {
        name: 'deal',
        path: `/deals/${deal.id}`,
        as: 'enterprise.demo',
        ready: '[data-testid="deal-page"]',
        wide: '.ant-descriptions-bordered .ant-descriptions-item-content',
      },
      { name: 'staff-pipeline', path: '/staff/pipeline', as: 'staff.broker' },
      { name: 'staff-deals', path: '/staff/deals', as: 'staff.broker' },
      { name: 'staff-organizations', path: '/staff/organizations', as: 'staff.broker' },
    ];
  }, 300_000);
  afterAll(() => app?.close());

  it('shows no internal code, seed number or mirror link, and never scrolls sideways, at 1366 and at 390 px', async () => {
    const { findings, screenshots } = await runPublicPagesScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      pages,
      password: DEMO_PASSWORD,
      mirrorUrls,
    });
    expect(findings).toHaveLength(pages.length * 2);
    // Every page showed something (the checks below would pass on a blank page).
    for (const f of findings)
      expect({ page: f.page, viewport: f.viewport, shown: f.textLength > 20, width: f.innerWidth }).toMatchObject({
        shown: true,
        width: VIEWPORTS[f.viewport].width,
      });
    // Where a page names value cells, it has some (else the width check below proves nothing).
    for (const f of findings.filter((f) => f.viewport === 'phone' && pages.find((p) => p.name === f.page)?.wide))
      expect({ page: f.page, viewport: f.viewport, cells: f.wideCells > 3 }).toMatchObject({ cells: true });
    const bad = (f: PageFinding) =>
      f.overflowPx > 0 ||
      f.internalCodes.length > 0 ||
      f.seedNumbers.length > 0 ||
      f.mirrorLinks.length > 0 ||
      f.offScreen.length > 0 ||
      f.narrowCells.length > 0;
    expect(findings.filter(bad)).toEqual([]);
    for (const s of screenshots) expect(statSync(s).size).toBeGreaterThan(5_000);
  }, 600_000);
});
