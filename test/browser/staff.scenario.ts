/**
 * Browser scenario of the staff tools on a listing, driven by playwright-core against a running web + API
 * origin: log in, open the listing, read its 匹配候选, then look an organisation up in the 资格查询 box and
 * read the verdict (eligible, block codes, the rendered control path). Screenshots go to `opts.screenshotDir`.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';

/** Options of `runStaffScenario`. */
export interface StaffScenarioOptions {
  /** Origin serving the web app and `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Directory for screenshots (created if missing). */
  screenshotDir: string;
  /** Account to log in with (staff, or a user of the listing's poster). */
  username: string;
  password: string;
  /** Listing whose candidates are read and against which eligibility is checked. */
  listingId: string;
  /** Name of the organisation looked up in the 资格查询 box (as shown in the search results). */
  lookupOrgName: string;
  /** Chromium binary; by default the one `launchChromium` picks (system, else npm). */
  chromiumPath?: string;
}

/** What the scenario saw. */
export interface StaffScenarioResult {
  /** Candidate names of the first page of 匹配候选, in rank order. */
  matchNames: string[];
  /** The verdict of the eligibility check. */
  eligible: boolean;
  /** `code` of every block shown, in order. */
  blockCodes: string[];
  /**
   * The control paths as rendered, one line per block; the chains of one path are joined by ` | `, e.g.
   * `包钢集团 55% → 包钢股份 51% → 某公司`.
   */
  pathText: string;
  /** Absolute paths of the screenshots taken, in order. */
  screenshots: string[];
}

const TIMEOUT_MS = 30_000;

/** Collapses the whitespace of rendered text. */
function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Text of an error shown on the page (login error, error state), for failure messages. */
async function visibleError(page: Page, testIds: string[]): Promise<string> {
  for (const id of testIds) {
    const loc = page.getByTestId(id);
    if (await loc.count()) return squash(await loc.first().innerText());
  }
  return '';
}

/** Runs the staff scenario; the browser is always closed. */
export async function runStaffScenario(opts: StaffScenarioOptions): Promise<StaffScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);

  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    // 1. Log in.
    await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('login-username').fill(opts.username);
    await page.getByTestId('login-password').fill(opts.password);
    await page.getByTestId('login-submit').click();
    const signedIn = page.getByTestId('user-menu');
    const loginError = page.getByTestId('login-error');
    await signedIn.or(loginError).first().waitFor({ state: 'visible' });
    if (!(await signedIn.isVisible())) {
      throw new Error(`登录失败(${opts.username})：${await visibleError(page, ['login-error'])}`);
    }

    // 2. The listing's 匹配候选.
    await page.goto(`${baseUrl}/listings/${encodeURIComponent(opts.listingId)}`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('user-menu').waitFor({ state: 'visible' });
    await page.getByTestId('listing-detail').or(page.getByTestId('error-state')).first().waitFor({ state: 'visible' });
    if (!(await page.getByTestId('match-candidates').count())) {
      await shoot(page, 'listing-matches.png');
      throw new Error(`账号 ${opts.username} 看不到匹配候选(仅科技厅工作人员或发榜单位的用户可见)，或榜单加载失败`);
    }
    const candidates = page.locator('[data-testid="match-candidates"]:not([data-state="loading"])');
    await candidates.waitFor({ state: 'visible' });
    const state = await candidates.getAttribute('data-state');
    if (state !== 'ready') {
      await shoot(page, 'listing-matches.png');
      const message = await visibleError(page, ['forbidden', 'error-message', 'matches-empty']);
      throw new Error(`匹配候选没有结果(state=${state}${message ? `, ${message}` : ''})`);
    }
    const rows = page.getByTestId('match-row');
    await rows.first().waitFor({ state: 'visible' });
    const matchNames = (await rows.getByTestId('match-name').allTextContents()).map(squash);
    await shoot(page, 'listing-matches.png');

    // 3. 资格查询: search the organisation, pick it, submit.
    const select = page.getByTestId('eligibility-org-select');
    await select.scrollIntoViewIfNeeded();
    await select.click();
    await select.locator('input').first().fill(opts.lookupOrgName);
    const option = page
      .getByTestId('org-option')
      .filter({ has: page.locator('.org-option-name', { hasText: opts.lookupOrgName }) })
      .first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    await page.getByTestId('eligibility-submit').click();
    const result = page.getByTestId('eligibility-result');
    await result.or(page.getByTestId('eligibility-error')).first().waitFor({ state: 'visible' });
    if (!(await result.isVisible())) {
      await shoot(page, 'eligibility-block.png');
      throw new Error(`资格查询失败：${await visibleError(page, ['eligibility-error'])}`);
    }

    // 4. Read the verdict.
    const eligible = (await result.getAttribute('data-eligible')) === 'true';
    // The page shows each block's title; its code is in `data-code`.
    const blockCodes = await result
      .getByTestId('block-code')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
    const pathLines: string[] = [];
    for (const block of await result.getByTestId('block-path').all()) {
      const chains = (await block.getByTestId('path-chain').allInnerTexts()).map(squash).filter(Boolean);
      if (chains.length) pathLines.push(chains.join(' | '));
    }
    await result.scrollIntoViewIfNeeded();
    await shoot(page, 'eligibility-block.png');

    return { matchNames, eligible, blockCodes, pathText: pathLines.join('\n'), screenshots };
  } finally {
    await browser?.close();
  }
}
