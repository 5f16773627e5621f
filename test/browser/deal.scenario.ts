/**
 * Browser scenario of the staff console of the deal lifecycle, driven by playwright-core against a running web +
 * API origin. Given a deal that is `accepted` with its economic benefit and installments confirmed (so that its
 * subsidy is payable):
 * 1. the broker (`staffUser`) logs in, opens 项目管理 (`/staff/deals`), the 补助审批 queue, finds the deal and opens
 *    it, proposes the subsidy (提出补助方案 → 提交补助方案) and sees the computation step by step; the broker's
 *    批准补助 button is disabled with the explanation that the proposer may not approve;
 * 2. the broker logs out; the approver (`approverUser`) logs in, opens the deal from the same queue, approves
 *    (批准补助 → 确认批准) and records the disbursement (登记补助拨付 → 保存拨付记录 → 确认已拨付).
 * Screenshots `deal-1-queue.png` … `deal-4-disbursed.png` go to `opts.screenshotDir`.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { clickInModal, cssString, expectShown, logIn, logOut, squash, TIMEOUT_MS, visibleText } from './deal-steps';

/** Options of `runDealScenario`. */
export interface DealScenarioOptions {
  /** Origin serving the web app and `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Directory for screenshots (created if missing). */
  screenshotDir: string;
  /** A deal in status `accepted`, benefit confirmed, installments confirmed, no subsidy yet. */
  dealId: string;
  /** The staff broker who proposes the subsidy (e.g. `staff.broker`). */
  staffUser: string;
  /** The staff approver who approves it and records the disbursement (e.g. `staff.approver`). */
  approverUser: string;
  /** Password of both accounts. */
  password: string;
  /** Chromium binary; by default the one `launchChromium` picks (system, else npm). */
  chromiumPath?: string;
}

/** What the scenario saw. */
export interface DealScenarioResult {
  /** The subsidy amount as the deal page shows it, e.g. `300,000.00 元(30 万元)`. */
  subsidyText: string;
  /** The deal's status tag at the end, e.g. `已完成`. */
  finalStatusText: string;
  /** Raw status of the deal at the end (`completed`). */
  finalStatus: string;
  /** The explanation steps shown for the proposal (label, expression, result, rule per row). */
  steps: string[];
  /** Whether the broker's 批准补助 button was disabled, and the explanation shown under it. */
  brokerApproveDisabled: boolean;
  brokerApproveHint: string;
  /** Absolute paths of the screenshots taken, in order. */
  screenshots: string[];
}

/**
 * Opens 项目管理 through the header, then the 补助审批 queue, then the deal (`atQueue` runs while the queue is
 * shown); returns the deal page.
 */
async function openFromSubsidyQueue(page: Page, dealId: string, atQueue?: () => Promise<void>): Promise<Locator> {
  await page.getByTestId('header-staff-deals-link').click();
  await page.getByTestId('staff-deals').waitFor({ state: 'visible' });
  await page.getByRole('tab', { name: '补助审批' }).click();
  const row = page.locator(
    `[data-testid="deal-queue-subsidy"] [data-testid="deal-row"][data-deal-id=${cssString(dealId)}]`,
  );
  try {
    await row.waitFor({ state: 'visible' });
  } finally {
    await atQueue?.();
  }
  await row.getByRole('link', { name: '办理' }).click();
  const dealPage = page.locator(`[data-testid="deal-page"][data-deal-id=${cssString(dealId)}]`);
  await dealPage.waitFor({ state: 'visible' });
  return dealPage;
}

/** Runs the deal scenario; the browser is always closed. */
export async function runDealScenario(opts: DealScenarioOptions): Promise<DealScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    // 1. The broker finds the deal in the 补助审批 queue.
    await logIn(page, baseUrl, opts.staffUser, opts.password);
    await page.getByTestId('header-staff-deals-link').waitFor({ state: 'visible' });
    await openFromSubsidyQueue(page, opts.dealId, () => shoot(page, 'deal-1-queue.png'));

    // 2. … proposes the subsidy (the form previews the computation) and sees the steps.
    const section = page.getByTestId('deal-subsidy-section');
    await section.waitFor({ state: 'visible' });
    const payable = await section.getByTestId('subsidy-payability').getAttribute('data-payable');
    if (payable !== 'true') {
      await shoot(page, 'deal-2-proposed.png');
      throw new Error(`补助不可申报：${squash(await section.getByTestId('subsidy-payability').innerText())}`);
    }
    await section.getByRole('button', { name: '提出补助方案' }).click();
    await page.getByTestId('subsidy-preview-amount').waitFor({ state: 'visible' });
    await clickInModal(page, 'deal-form-ok');
    const proposed = section.locator('[data-testid="subsidy"][data-status="proposed"]');
    await expectShown(page, proposed, '提出补助方案');
    const steps = (await proposed.getByTestId('subsidy-step').allInnerTexts()).map(squash);
    const subsidyText = squash(await proposed.getByTestId('subsidy-amount').innerText());

    // 3. The proposer may not approve: the button is disabled and says why.
    const brokerApprove = proposed.getByRole('button', { name: '批准补助' });
    const brokerApproveDisabled = await brokerApprove.isDisabled();
    const hint = proposed.getByTestId('subsidy-approve-hint');
    const brokerApproveHint = (await hint.count()) ? squash(await hint.innerText()) : '';
    await proposed.scrollIntoViewIfNeeded();
    await shoot(page, 'deal-2-proposed.png');

    // 4. The approver approves (confirm dialog) and records the disbursement.
    await logOut(page);
    await logIn(page, baseUrl, opts.approverUser, opts.password);
    await openFromSubsidyQueue(page, opts.dealId);
    const card = page.locator('[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="proposed"]');
    await card.waitFor({ state: 'visible' });
    const approve = card.getByRole('button', { name: '批准补助' });
    if (await approve.isDisabled()) {
      throw new Error(`审批人不能批准：${await visibleText(page, ['subsidy-approve-hint'])}`);
    }
    await approve.click();
    await clickInModal(page, 'subsidy-approve-ok');
    const approved = page.locator(
      '[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="approved"]',
    );
    await expectShown(page, approved, '批准补助');
    await approved.scrollIntoViewIfNeeded();
    await shoot(page, 'deal-3-approved.png');

    await approved.getByRole('button', { name: '登记补助拨付' }).click();
    await page.getByTestId('subsidy-reference').fill(`国库支付-${Date.now()}`);
    await clickInModal(page, 'deal-form-ok');
    await clickInModal(page, 'deal-confirm-ok');
    const disbursed = page.locator(
      '[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="disbursed"]',
    );
    await expectShown(page, disbursed, '登记补助拨付');

    const statusTag = page.locator('[data-testid="deal-page"] [data-testid="deal-status"]').first();
    const finalStatusText = squash(await statusTag.innerText());
    const finalStatus = (await statusTag.getAttribute('data-status')) ?? '';
    await disbursed.scrollIntoViewIfNeeded();
    await shoot(page, 'deal-4-disbursed.png');

    return {
      subsidyText,
      finalStatusText,
      finalStatus,
      steps,
      brokerApproveDisabled,
      brokerApproveHint,
      screenshots,
    };
  } finally {
    await browser?.close();
  }
}
