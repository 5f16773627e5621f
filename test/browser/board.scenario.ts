/**
 * Browser scenario of the public board, driven by playwright-core against a running web + API origin:
 * open the board, search, collect the highlighted results, open the first result's detail page.
 * Used by the e2e suite; screenshots go to `opts.screenshotDir`.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';

/** Options of `runBoardScenario`. */
export interface BoardScenarioOptions {
  /** Origin serving the web app and `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Directory for screenshots (created if missing). */
  screenshotDir: string;
  /** Text typed into the board's search box. */
  query: string;
  /** Chromium binary; by default the one `launchChromium` picks (system, else npm). */
  chromiumPath?: string;
}

/** What the scenario saw. */
export interface BoardScenarioResult {
  /** Titles of the result cards after the search, in page order. */
  resultTitles: string[];
  /** Text of every `<mark>` element inside the results. */
  markedTexts: string[];
  /** Title shown on the first result's detail page. */
  detailTitle: string;
  /** Absolute paths of the screenshots taken, in order. */
  screenshots: string[];
}

const TIMEOUT_MS = 30_000;

/** A CSS attribute selector value, double-quoted and escaped. */
function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"`;
}

/**
 * Waits until the board's result area shows the outcome (ready, empty or error — not loading) of a search for
 * `query`, and returns that state.
 */
async function waitForResults(page: Page, query: string): Promise<string> {
  const settled = page.locator(`[data-testid="board-results"][data-q=${cssString(query)}]:not([data-state="loading"])`);
  await settled.waitFor({ state: 'attached', timeout: TIMEOUT_MS });
  return (await settled.getAttribute('data-state')) ?? '';
}

/** Runs the board scenario; the browser is always closed. */
export async function runBoardScenario(opts: BoardScenarioOptions): Promise<BoardScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const query = opts.query.trim();
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);

  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    // 1. The board as first shown.
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    await waitForResults(page, '');
    await shoot(page, 'board.png');

    // 2. Search.
    const input = page.getByTestId('search-input');
    await input.fill(query);
    await input.press('Enter');
    const state = await waitForResults(page, query);
    if (state !== 'ready') {
      const errorMessage = page.getByTestId('error-message');
      const message = (await errorMessage.count()) ? ((await errorMessage.first().textContent()) ?? '') : '';
      await shoot(page, 'board-search.png');
      throw new Error(`搜索“${query}”后没有结果卡片(state=${state}${message ? `, message=${message}` : ''})`);
    }
    const cards = page.getByTestId('result-card');
    await cards.first().waitFor({ state: 'visible' });
    const resultTitles = (await cards.getByTestId('result-title').allTextContents()).map((t) => t.trim());
    const markedTexts = await page.getByTestId('board-results').locator('mark').allTextContents();
    await shoot(page, 'board-search.png');

    // 3. The first result's detail page.
    await cards.first().getByTestId('result-title').click();
    const detail = page.getByTestId('listing-detail');
    await detail.waitFor({ state: 'visible' });
    const detailTitle = ((await detail.getByTestId('detail-title').textContent()) ?? '').trim();
    await shoot(page, 'listing-detail.png');

    return { resultTitles, markedTexts, detailTitle, screenshots };
  } finally {
    await browser?.close();
  }
}
