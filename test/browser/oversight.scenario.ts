/**
 * Browser scenario of the signed-in layout (issue 14 item 1) and the department's oversight pages, driven by
 * playwright-core against a running web + API origin: staff.admin logs in and lands on 工作台 (`/workbench`), not
 * on the board; the side menu and breadcrumbs show; from the menu it opens 统计与资金 (`/staff/stats`) and 节假日
 * (`/staff/calendar`). The same session then does it again on a 390 × 844 phone, through the drawer menu, and
 * the page never scrolls sideways (`document.documentElement.scrollWidth <= 390`; issue 16 item 21).
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { logIn, squash } from './deal-steps';

/** Options of `runOversightScenario`. */
export interface OversightScenarioOptions {
  /** Origin serving the web app and `/api/v1`. */
  baseUrl: string;
  screenshotDir: string;
  /** A staff administrator (a demo account with its demo second factor). */
  username: string;
  password: string;
}

/** What one page looked like. */
export interface PageSeen {
  path: string;
  /** The page's heading text (its card title), squashed. */
  heading: string;
  /** The breadcrumbs, squashed. */
  breadcrumbs: string;
  /** `document.documentElement.scrollWidth` in CSS pixels. */
  scrollWidth: number;
}

/** What the scenario saw. */
export interface OversightScenarioResult {
  /** Where the login landed. */
  landedOn: string;
  /** The side menu's text on the desktop. */
  menu: string;
  desktop: PageSeen[];
  phone: PageSeen[];
  screenshots: string[];
}

/** The three pages: path, the menu link's test id and the page's test id. */
const PAGES = [
  { path: '/workbench', menu: 'side-menu-workbench', page: 'workbench-page' },
  { path: '/staff/stats', menu: 'side-menu-staff-stats', page: 'stats-page' },
  { path: '/staff/calendar', menu: 'side-menu-staff-calendar', page: 'calendar-page' },
] as const;

/** Waits for the page with test id `testId` (or an error view), then reads what it shows. */
async function seen(page: Page, path: string, testId: string): Promise<PageSeen> {
  const target = page.getByTestId(testId);
  const failure = page.getByTestId('error-state').or(page.getByTestId('forbidden'));
  await target.or(failure).first().waitFor({ state: 'visible' });
  if (!(await target.isVisible())) throw new Error(`${path} 没有打开:${squash(await failure.first().innerText())}`);
  await page.waitForURL((u) => u.pathname === path);
  const heading = squash(
    await target
      .locator('.ant-card-head-title, h1, h2, h3, h4')
      .first()
      .innerText()
      .catch(() => ''),
  );
  // Let the page settle (charts, tables) before measuring its width.
  await page.waitForLoadState('networkidle');
  return {
    path,
    heading,
    breadcrumbs: squash(await page.getByTestId('breadcrumbs').innerText()),
    scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth),
  };
}

/** Runs the scenario; the browser is always closed. */
export async function runOversightScenario(opts: OversightScenarioOptions): Promise<OversightScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    // Desktop: log in, land on 工作台, walk the menu.
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await desktop.newPage();
    page.setDefaultTimeout(60_000);
    await logIn(page, baseUrl, opts.username, opts.password);
    await page.getByTestId('workbench-page').or(page.getByTestId('error-state')).first().waitFor();
    const landedOn = new URL(page.url()).pathname;
    const menu = squash(await page.getByTestId('side-menu').innerText());
    const desktopSeen: PageSeen[] = [];
    for (const p of PAGES) {
      if (p.path !== '/workbench') await page.getByTestId(p.menu).click();
      desktopSeen.push(await seen(page, p.path, p.page));
      await shoot(page, `oversight-desktop${p.path.replace(/\//g, '-')}.png`, false);
    }

    // Phone, same session: the drawer menu, no sideways scrolling.
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const phone = await phoneContext.newPage();
    phone.setDefaultTimeout(60_000);
    await phone.goto(`${baseUrl}/workbench`, { waitUntil: 'domcontentloaded' });
    const phoneSeen: PageSeen[] = [];
    for (const p of PAGES) {
      if (p.path !== '/workbench') {
        await phone.getByTestId('side-menu-toggle').click();
        const link = phone.getByTestId(p.menu);
        await link.waitFor({ state: 'visible' });
        await link.click();
      }
      phoneSeen.push(await seen(phone, p.path, p.page));
      await shoot(phone, `oversight-phone${p.path.replace(/\//g, '-')}.png`);
    }
    return { landedOn, menu, desktop: desktopSeen, phone: phoneSeen, screenshots };
  } finally {
    await browser?.close();
  }
}
