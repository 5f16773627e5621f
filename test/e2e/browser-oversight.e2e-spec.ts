import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { runOversightScenario } from '../browser/oversight.scenario';
import { bootApp, demoData, importAndIndex, seedAccounts } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');
/** The built web app (`npm run build:web`); `TEST_WEB_DIST` points at another build. */
const WEB_DIST = process.env.TEST_WEB_DIST ?? resolve(ROOT, 'dist', 'web');

/**
 * The signed-in layout and the oversight pages in a real browser (issue 14 items 1, 3, 5; issue 16 item 21) against
 * the real app serving the built web app, real PostgreSQL and Meilisearch: staff.admin lands on 工作台 after login,
 * walks 工作台 → 统计与资金 → 节假日 from the side menu on a desktop and from the drawer menu on a 390 px phone,
 * where no page scrolls sideways.
 */
describe('signed-in layout, workbench, dashboard and holiday calendar in the browser', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    }
    app = await bootApp('browser_oversight', { env: { WEB_DIST_DIR: WEB_DIST } });
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app?.close());

  it('staff.admin lands on 工作台 and opens 统计与资金 and 节假日 from the menu, on a desktop and a 390 px phone', async () => {
    const r = await runOversightScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      username: 'staff.admin',
      password: DEMO_PASSWORD,
    });
    expect(r.landedOn).toBe('/workbench');
    for (const label of ['工作台', '揭榜大厅', '项目跟踪', '统计与资金', '账号管理', '节假日'])
      expect(r.menu).toContain(label);
    for (const seen of [r.desktop, r.phone]) {
      expect(seen.map((s) => s.path)).toEqual(['/workbench', '/staff/stats', '/staff/calendar']);
      expect(seen[0].breadcrumbs).toContain('工作台');
      expect(seen[1].breadcrumbs).toContain('统计与资金');
      expect(seen[2].heading).toContain('节假日');
      expect(seen[2].breadcrumbs).toContain('节假日');
    }
    // No page scrolls sideways on the phone (a failure names the page and its width).
    expect(r.phone.filter((s) => s.scrollWidth > 390).map((s) => `${s.path} ${s.scrollWidth}px`)).toEqual([]);
    for (const s of r.screenshots) expect(statSync(s).size).toBeGreaterThan(5_000);
  });
});
