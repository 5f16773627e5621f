/**
 * Browser scenario of ending a control edge (issue 11 item 6), driven by playwright-core against a running web + API
 * origin: a staff broker logs in, opens the controlled organisation's page and its 单位管理 drawer, presses 终止 on
 * the edge, gives a reason in the confirmation dialog and confirms; the edge stays in the table, marked 已终止.
 */
import { type Browser } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';

/** Options of `runEndControlScenario`. */
export interface EndControlScenarioOptions {
  /** Origin serving the web app and `/api/v1`. */
  baseUrl: string;
  screenshotDir: string;
  /** A staff broker (or admin) account. */
  username: string;
  password: string;
  /** The controlled organisation, whose drawer lists the edge among its controllers. */
  controlledOrgId: string;
  /** The edge to end. */
  edgeId: string;
  /** Reason typed into the dialog. */
  reason: string;
}

/** What the scenario saw. */
export interface EndControlScenarioResult {
  /** State tag of the edge's row before and after (有效 → 已终止). */
  stateBefore: string;
  stateAfter: string;
  /** The 有效期 cell after (e.g. `至 2026-12-05`). */
  validityAfter: string;
  /** Whether the row still offers 终止 after. */
  endButtonAfter: boolean;
  screenshots: string[];
}

const TIMEOUT_MS = 30_000;

/** Runs the scenario; the browser is always closed. */
export async function runEndControlScenario(opts: EndControlScenarioOptions): Promise<EndControlScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('login-username').fill(opts.username);
    await page.getByTestId('login-password').fill(opts.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor({ state: 'visible' });

    await page.goto(`${baseUrl}/organizations/${encodeURIComponent(opts.controlledOrgId)}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.getByTestId('edit-controls').click();
    const drawer = page.getByTestId('manage-controls');
    const row = drawer.getByTestId('controllers-table').locator(`tr[data-row-key="${opts.edgeId}"]`);
    await row.waitFor({ state: 'visible' });
    const stateCell = row.locator('td').nth(4);
    const stateBefore = ((await stateCell.textContent()) ?? '').trim();

    await row.getByTestId('control-end').click();
    const reason = page.getByTestId('control-end-reason');
    await reason.waitFor({ state: 'visible' });
    await reason.fill(opts.reason);
    await shoot(page, 'control-end-dialog.png');
    await page.getByTestId('control-end-confirm').click();
    await row.getByTestId('control-ended').waitFor({ state: 'visible' });
    await shoot(page, 'control-ended.png');
    return {
      stateBefore,
      stateAfter: ((await stateCell.textContent()) ?? '').trim(),
      validityAfter: ((await row.locator('td').nth(3).textContent()) ?? '').trim(),
      endButtonAfter: (await row.getByTestId('control-end').count()) > 0,
      screenshots,
    };
  } finally {
    await browser?.close();
  }
}
