/**
 * Browser scenario "right answers where people look" (issue 16 items 13, 14, 21): visits a list of pages, as a
 * visitor or signed in, at a desktop (1366 × 900) and a phone (390 × 844) viewport, and records for each what a
 * reader would be wrong to see: horizontal overflow of the page, an internal code (`ORG_NOT_VERIFIED`), a seed
 * number (`004 §9`, `RULEBOOK`, `依据 004`) in the visible text, and a link to a mirror copy of a source. Screenshots
 * of every visit go to `opts.screenshotDir`. The e2e suite asserts on the returned findings.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { logIn } from './deal-steps';

/** The two sizes every page must work at. */
export const VIEWPORTS = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/** An internal code as the API writes them (`ORG_NOT_VERIFIED`, `USCC_CHECKSUM`). */
export const INTERNAL_CODE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g;
/** A seed number or the rulebook's name instead of the document's own title and article. */
export const SEED_NUMBER = /\b00[0-4]\s*§|RULEBOOK|依据\s*00[0-4]/g;

/** One page to visit. */
export interface PageVisit {
  /** Short name, used in findings and screenshot names. */
  name: string;
  /** Path on the web origin, e.g. `/listings/…`. */
  path: string;
  /** Signed in as this user (logged in through the login form), else a visitor. */
  as?: string;
  /** A selector that is visible once the page shows its content (default: the page's main card). */
  ready?: string;
  /** Elements a reader must see without scrolling sideways: each one's first match lies inside the window's width. */
  onScreen?: string[];
  /** Value cells that must get at least half the window's width on the phone (no one-character-per-line wrapping). */
  wide?: string;
}

/** Options of `runPublicPagesScenario`. */
export interface PublicPagesOptions {
  /** Origin serving the web app and `/api/v1`. */
  baseUrl: string;
  screenshotDir: string;
  pages: PageVisit[];
  /** Password of every user named in `pages[].as`. */
  password: string;
  /** Mirror copies of sources (`mirrorSource` of the data): never linked on a page. */
  mirrorUrls: string[];
  chromiumPath?: string;
}

/** What one visit saw. */
export interface PageFinding {
  page: string;
  viewport: ViewportName;
  /** The window's width as the page saw it (the viewport's: nothing zoomed out). */
  innerWidth: number;
  /** `scrollWidth - innerWidth` of the document: > 0 means the page scrolls sideways. */
  overflowPx: number;
  /** The widest elements sticking out of the viewport (tag.class and right edge), when it overflows. */
  overflowing: string[];
  internalCodes: string[];
  seedNumbers: string[];
  mirrorLinks: string[];
  /** Characters of visible text (a page that showed nothing would pass every other check). */
  textLength: number;
  /** `onScreen` selectors whose element is missing or lies (partly) outside the window's width. */
  offScreen: string[];
  /** How many `wide` cells were found, and those narrower than half the window (`width px: text start`). */
  wideCells: number;
  narrowCells: string[];
}

const TIMEOUT_MS = 30_000;

/** Waits until the page shows content: `ready` visible, no skeleton or spinner left. */
async function settle(page: Page, ready: string): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await page.waitForFunction(
    () => !document.querySelector('.ant-skeleton, .ant-spin-spinning, [data-state="loading"]'),
    undefined,
    { timeout: TIMEOUT_MS },
  );
}

/** Reads the findings of the page as shown now. */
async function inspect(
  page: Page,
  visit: PageVisit,
  viewport: ViewportName,
  mirrors: Set<string>,
): Promise<PageFinding> {
  const seen = await page.evaluate(
    ({ onScreen, wide }) => {
      const doc = document.documentElement;
      const width = window.innerWidth;
      const overflowing: string[] = [];
      if (doc.scrollWidth > width) {
        for (const el of Array.from(document.body.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          if (r.right > width + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
            const cls = typeof el.className === 'string' ? el.className.split(/\s+/).slice(0, 2).join('.') : '';
            overflowing.push(`${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} → ${Math.round(r.right)}px`);
          }
        }
      }
      const offScreen = onScreen.filter((sel) => {
        const el = document.querySelector(sel);
        if (!el) return true;
        let r = el.getBoundingClientRect();
        // Inside a scrolling box (a table scrolled sideways), what counts is where the box shows it.
        for (let p = el.parentElement; p; p = p.parentElement) {
          const box = p.getBoundingClientRect();
          if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== 'visible') {
            r = new DOMRect(r.left, r.top, Math.min(r.right, box.right) - r.left, r.height);
            if (r.left >= box.right) return true;
          }
        }
        return r.left < 0 || r.right > width + 1 || r.width <= 0;
      });
      const cells = wide ? Array.from(document.querySelectorAll(wide)) : [];
      const narrowCells = cells
        .map((c) => ({ w: c.getBoundingClientRect().width, t: (c.textContent ?? '').trim().slice(0, 12) }))
        .filter((c) => c.w < width / 2)
        .map((c) => `${Math.round(c.w)}px: ${c.t}`);
      return {
        offScreen,
        wideCells: cells.length,
        narrowCells,
        innerWidth: width,
        overflowPx: doc.scrollWidth - width,
        overflowing: overflowing.slice(-5),
        text: document.body.innerText,
        links: Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href),
      };
    },
    { onScreen: visit.onScreen ?? [], wide: viewport === 'phone' ? (visit.wide ?? '') : '' },
  );
  return {
    page: visit.name,
    offScreen: seen.offScreen,
    wideCells: seen.wideCells,
    narrowCells: seen.narrowCells,
    viewport,
    innerWidth: seen.innerWidth,
    overflowPx: seen.overflowPx,
    overflowing: seen.overflowing,
    internalCodes: [...new Set(seen.text.match(INTERNAL_CODE) ?? [])],
    seedNumbers: [...new Set(seen.text.match(SEED_NUMBER) ?? [])],
    mirrorLinks: seen.links.filter((l) => mirrors.has(l) || mirrors.has(l.replace(/\/$/, ''))),
    textLength: seen.text.trim().length,
  };
}

/** Runs the visits at both viewports; the browser is always closed. */
export async function runPublicPagesScenario(
  opts: PublicPagesOptions,
): Promise<{ findings: PageFinding[]; screenshots: string[] }> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const mirrors = new Set(opts.mirrorUrls.flatMap((u) => [u, u.replace(/\/$/, '')]));
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  const findings: PageFinding[] = [];
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    // One signed-in session per user, opened at desktop size and carried to the phone (the same tokens).
    const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
    for (const user of [...new Set(opts.pages.map((p) => p.as).filter((u): u is string => !!u))]) {
      const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      await logIn(page, baseUrl, user, opts.password);
      sessions.set(user, await context.storageState());
      await context.close();
    }
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      for (const visit of opts.pages) {
        const context = await browser.newContext({
          viewport: VIEWPORTS[viewport],
          locale: 'zh-CN',
          // Not `isMobile`: mobile emulation zooms a too-wide page out to fit, which would hide the overflow.
          deviceScaleFactor: 1,
          ...(visit.as ? { storageState: sessions.get(visit.as) } : {}),
        });
        const page = await context.newPage();
        page.setDefaultTimeout(TIMEOUT_MS);
        try {
          await page.goto(`${baseUrl}${visit.path}`, { waitUntil: 'domcontentloaded' });
          await settle(page, visit.ready ?? '.ant-card, .ant-result');
          findings.push(await inspect(page, visit, viewport, mirrors));
          await shoot(page, `public-${viewport}-${visit.name}.png`);
        } catch (e) {
          await shoot(page, `public-${viewport}-${visit.name}-failed.png`).catch(() => undefined);
          throw new Error(`${visit.name} (${viewport}, ${visit.path}): ${(e as Error).message.split('\n')[0]}`);
        } finally {
          await context.close();
        }
      }
    }
    return { findings, screenshots };
  } finally {
    await browser?.close();
  }
}
