/**
 * Browser scenario of a 技术攻关 (challenge) deal from the draft agreement to a disbursed, capped pre-subsidy,
 * driven by playwright-core against a running web + API origin. Given a challenge deal in `agreement_review`:
 * 1. the broker (`staffUser`) logs in, opens 项目管理 (`/staff/deals`), the 公示审查 queue, opens the deal, opens
 *    审查协议并发布公示 (sees the working-day end date computed live), writes the review note and confirms → 公示中;
 * 2. `opts.elapseNotice()` moves the end of the notice to the past (the calendar cannot be waited for) and the
 *    page is reloaded → 公示期满,待签约;
 * 3. the broker registers the signing (登记签约): the contract registration and task book numbers, the date, the
 *    agreement and task book PDFs through the form's upload controls, and the task book's total R&D investment
 *    (`rdInvestmentYuan`) → 实施中;
 * 4. the broker logs out; the poster (`payerUser`, the paying side of a challenge) logs in, opens 我的项目
 *    (`/deals`), the deal, and records an installment (登记拨付) of `installmentYuan` with a voucher PDF;
 * 5. the payer logs out; the broker opens the deal from the 资金到位确认 queue, confirms the installment against
 *    its voucher, sees the pre-subsidy payable and proposes it (提出补助方案 → 提交补助方案), seeing the computation
 *    step by step with the cap applied; the broker's 批准补助 is disabled (the proposer may not approve);
 * 6. the broker logs out; the approver (`approverUser`) opens the deal from the 补助审批 queue, approves (批准补助 →
 *    确认批准) and records the disbursement (登记补助拨付 → 保存拨付记录 → 确认已拨付). A challenge deal is not
 *    completed by its pre-subsidy: it stays 实施中 until accepted.
 * Screenshots `challenge-deal-1-notice.png` … `challenge-deal-7-disbursed.png` go to `opts.screenshotDir`.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { clickInModal, cssString, expectShown, logIn, logOut, PDF, squash, TIMEOUT_MS } from './deal-steps';

/** Options of `runChallengeDealScenario`. */
export interface ChallengeDealScenarioOptions {
  /** Origin serving the web app and `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Directory for screenshots (created if missing). */
  screenshotDir: string;
  /** A challenge deal in status `agreement_review`. */
  dealId: string;
  /** Lets the notice period elapse once it is open (e.g. `() => elapseNotice(app, dealId)`). */
  elapseNotice: () => Promise<void>;
  /** The staff broker who runs the notice, the signing and the installment review and proposes the subsidy. */
  staffUser: string;
  /** The staff approver who approves the subsidy and records its disbursement. */
  approverUser: string;
  /** A user of the paying side (the poster of a challenge), who records the installment. */
  payerUser: string;
  /** Password of all three accounts. */
  password: string;
  /** The task book's total R&D investment in yuan (default `40000000`). */
  rdInvestmentYuan?: string;
  /** The installment the payer records, in yuan (default `10000000`). */
  installmentYuan?: string;
  /** Technical contract registration number typed at signing. */
  contractRegistrationNo?: string;
  /** Task book number typed at signing. */
  taskBookNo?: string;
  /** Signing date typed at signing, `YYYY-MM-DD` (default: a week ago). */
  signedOn?: string;
  /** Reference typed for the subsidy disbursement. */
  disbursementRef?: string;
  /** Chromium binary; by default the one `launchChromium` picks (system, else npm). */
  chromiumPath?: string;
}

/** The deal's status as the page showed it after one step. */
export interface StatusSeen {
  /** What had just happened, e.g. `notice-opened`. */
  step: string;
  /** Raw status (`data-status` of the status tag), e.g. `on_notice`. */
  status: string;
  /** The status tag's text, e.g. `公示中`. */
  text: string;
}

/** What the scenario saw. */
export interface ChallengeDealScenarioResult {
  /** The deal's status after each step, in order. */
  statuses: StatusSeen[];
  /** The live notice period preview of the 发布公示 form. */
  noticePreviewText: string;
  /** The end of the notice as the page showed it once published, e.g. `2026-11-27 24:00(北京时间)`. */
  noticeLastDayText: string;
  /** The signing date typed into the 登记签约 form (`YYYY-MM-DD`). */
  signedOn: string;
  /** The signing facts shown after 登记签约 (date, registration and task book numbers). */
  signedInfoText: string;
  /** The uploaded files' purposes listed in the deal's 附件 card after signing (as the payer saw them). */
  filePurposes: string[];
  /** The installment's status tag after the broker confirmed it, e.g. `已确认到位`. */
  installmentStatusText: string;
  /** The confirmed money received, as the funding section shows it. */
  receivedText: string;
  /** Whether the subsidy section said the pre-subsidy is payable, and its text. */
  payable: boolean;
  payabilityText: string;
  /** The amount the 提出补助方案 form previewed, and whether it showed the cap applied. */
  previewAmountText: string;
  previewCapApplied: boolean;
  /** The proposed subsidy's amount as the deal page shows it, e.g. `10,000,000.00 元(1000 万元)`. */
  subsidyText: string;
  /** Whether the proposal is marked 已按上限封顶. */
  capApplied: boolean;
  /** The explanation steps of the proposal (label, rule, expression, result per row). */
  steps: string[];
  /** Whether the broker's 批准补助 button was disabled, and the explanation shown under it. */
  brokerApproveDisabled: boolean;
  brokerApproveHint: string;
  /** The disbursement as the subsidy card shows it (date and reference). */
  disbursementText: string;
  /** The subsidy's status tag at the end, e.g. `已拨付`. */
  subsidyStatusText: string;
  /** The deal's status tag text and raw status at the end (`实施中`, `in_progress`). */
  finalStatusText: string;
  finalStatus: string;
  /** Absolute paths of the screenshots taken, in order. */
  screenshots: string[];
}

/** `YYYY-MM-DD` of the local date `days` days before today. */
function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function dealPage(page: Page, dealId: string): Locator {
  return page.locator(`[data-testid="deal-page"][data-deal-id=${cssString(dealId)}]`);
}

/**
 * Opens 项目管理 through the header, then the queue tab `tabName` (test id `deal-queue-<queue>`), then the deal
 * (`atQueue` runs while the queue is shown); waits for the deal page.
 */
async function openFromQueue(
  page: Page,
  dealId: string,
  queue: string,
  tabName: string,
  atQueue?: () => Promise<void>,
): Promise<void> {
  await page.getByTestId('header-staff-deals-link').click();
  await page.getByTestId('staff-deals').waitFor({ state: 'visible' });
  await page.getByRole('tab', { name: tabName }).click();
  const row = page.locator(
    `[data-testid=${cssString(`deal-queue-${queue}`)}] [data-testid="deal-row"][data-deal-id=${cssString(dealId)}]`,
  );
  try {
    await row.waitFor({ state: 'visible' });
  } finally {
    await atQueue?.();
  }
  await row.getByRole('link', { name: '办理' }).click();
  await dealPage(page, dealId).waitFor({ state: 'visible' });
}

/** Waits until the deal page shows `status`, and returns what the status tag says. */
async function statusNow(page: Page, dealId: string, status: string, step: string): Promise<StatusSeen> {
  await page.locator(`[data-testid="deal-page"][data-deal-id=${cssString(dealId)}][data-status="${status}"]`).waitFor();
  const tag = dealPage(page, dealId).getByTestId('deal-status').first();
  return { step, status: (await tag.getAttribute('data-status')) ?? '', text: squash(await tag.innerText()) };
}

/** Uploads a PDF named `filename` through the deal form's upload control of `purpose`; waits until it is stored. */
async function uploadPdf(page: Page, purpose: string, filename: string): Promise<void> {
  const control = page.getByTestId(`deal-upload-${purpose}`);
  await control
    .locator('input[type="file"]')
    .setInputFiles({ name: filename, mimeType: 'application/pdf', buffer: PDF });
  await expectShown(page, control.getByTestId('deal-upload-file'), `上传 ${filename} `);
}

/** Types `date` (`YYYY-MM-DD`) into the antd date picker with test id `testId` and confirms it. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const picker = page.getByTestId(testId);
  const isInput = await picker.evaluate((el) => el.tagName === 'INPUT');
  const input = isInput ? picker : picker.locator('input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  const shown = await input.inputValue();
  if (shown !== date) throw new Error(`日期未能填写：期望 ${date}，实际 ${shown}`);
}

/** Runs the challenge deal scenario; the browser is always closed. */
export async function runChallengeDealScenario(
  opts: ChallengeDealScenarioOptions,
): Promise<ChallengeDealScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const rdInvestmentYuan = opts.rdInvestmentYuan ?? '40000000';
  const installmentYuan = opts.installmentYuan ?? '10000000';
  const signedOn = opts.signedOn ?? daysAgo(7);
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  const statuses: StatusSeen[] = [];
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const deal = dealPage(page, opts.dealId);

    // 1. The broker finds the deal in the 公示审查 queue, reviews the agreement and publishes the notice.
    await logIn(page, baseUrl, opts.staffUser, opts.password);
    await page.getByTestId('header-staff-deals-link').waitFor({ state: 'visible' });
    await openFromQueue(page, opts.dealId, 'notice', '公示审查');
    statuses.push(await statusNow(page, opts.dealId, 'agreement_review', 'opened'));
    await deal.getByTestId('open-notice').click();
    const preview = page.getByTestId('notice-preview');
    await preview.waitFor({ state: 'visible' });
    const noticePreviewText = squash(await preview.innerText());
    await page
      .getByTestId('notice-review-note')
      .fill('协议金额、付款计划、知识产权归属、收益分配和期限均符合揭榜挂帅规定。');
    await clickInModal(page, 'deal-form-ok');
    await clickInModal(page, 'deal-confirm-ok');
    await expectShown(page, deal.getByTestId('notice-facts'), '发布公示');
    statuses.push(await statusNow(page, opts.dealId, 'on_notice', 'notice-opened'));
    const noticeLastDayText = squash(await deal.getByTestId('notice-last-day').innerText());
    await shoot(page, 'challenge-deal-1-notice.png');

    // 2. The notice period elapses (the calendar cannot be waited for); the page is reloaded.
    await opts.elapseNotice();
    await page.reload({ waitUntil: 'domcontentloaded' });
    statuses.push(await statusNow(page, opts.dealId, 'awaiting_signing', 'notice-elapsed'));

    // 3. The broker registers the signed agreement and task book, uploading both.
    await deal.getByTestId('sign-deal').click();
    await page.getByTestId('sign-contract-no').fill(opts.contractRegistrationNo ?? '1502002026001234');
    await page.getByTestId('sign-taskbook-no').fill(opts.taskBookNo ?? 'RW-2026-0042');
    await fillDate(page, 'sign-date', signedOn);
    await uploadPdf(page, 'agreement', '揭榜协议(签署件).pdf');
    await uploadPdf(page, 'task_book', '任务书(签署件).pdf');
    await page.getByTestId('sign-rd-investment').fill(rdInvestmentYuan);
    await shoot(page, 'challenge-deal-2-sign-form.png', false);
    await clickInModal(page, 'deal-form-ok');
    await clickInModal(page, 'deal-confirm-ok');
    await expectShown(page, deal.getByTestId('signed-info'), '登记签约');
    statuses.push(await statusNow(page, opts.dealId, 'in_progress', 'signed'));
    const signedInfoText = squash(await deal.getByTestId('signed-info').innerText());
    await shoot(page, 'challenge-deal-3-signed.png');

    // 4. The payer (the challenge's poster) records an installment with its voucher.
    await logOut(page);
    await logIn(page, baseUrl, opts.payerUser, opts.password);
    await page.getByTestId('header-deals-link').click();
    await page.getByTestId('my-deals').waitFor({ state: 'visible' });
    const myRow = page.locator(
      `[data-testid="my-deals"] [data-testid="deal-row"][data-deal-id=${cssString(opts.dealId)}]`,
    );
    await myRow.getByRole('link', { name: '查看' }).click();
    await deal.waitFor({ state: 'visible' });
    statuses.push(await statusNow(page, opts.dealId, 'in_progress', 'payer-opened'));
    const filePurposes = await deal
      .locator('[data-testid="deal-files"] [data-testid="deal-file"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-purpose') ?? ''));
    await deal.getByTestId('record-installment').click();
    await page.getByTestId('installment-amount').fill(installmentYuan);
    await uploadPdf(page, 'voucher', '银行回单.pdf');
    await clickInModal(page, 'deal-form-ok');
    const recorded = deal.locator('[data-testid="installment-row"][data-status="recorded"]');
    await expectShown(page, recorded, '登记拨付');
    await shoot(page, 'challenge-deal-4-installment.png');

    // 5. The broker confirms the installment against its voucher and proposes the pre-subsidy.
    await logOut(page);
    await logIn(page, baseUrl, opts.staffUser, opts.password);
    await openFromQueue(page, opts.dealId, 'funding', '资金到位确认');
    await deal
      .locator('[data-testid="installment-row"][data-status="recorded"]')
      .getByTestId('installment-confirm')
      .click();
    await page.getByTestId('installment-review-note').fill('已核对银行回单，金额、日期与登记一致。');
    await clickInModal(page, 'deal-form-ok');
    await clickInModal(page, 'deal-confirm-ok');
    const confirmed = deal.locator('[data-testid="installment-row"][data-status="confirmed"]');
    await expectShown(page, confirmed, '确认资金到位');
    const installmentStatusText = squash(await confirmed.getByTestId('installment-status').innerText());
    const receivedText = squash(await deal.getByTestId('received-amount').innerText());

    const section = deal.getByTestId('deal-subsidy-section');
    const payability = section.getByTestId('subsidy-payability');
    await payability.waitFor({ state: 'visible' });
    const payable = (await payability.getAttribute('data-payable')) === 'true';
    const payabilityText = squash(await payability.innerText());
    if (!payable) {
      await shoot(page, 'challenge-deal-5-proposed.png');
      throw new Error(`补助不可申报：${payabilityText}`);
    }
    await section.getByTestId('propose-subsidy').click();
    const previewAmount = page.getByTestId('subsidy-preview-amount');
    await previewAmount.waitFor({ state: 'visible' });
    const previewAmountText = squash(await previewAmount.innerText());
    const previewCapApplied = (await page.getByTestId('subsidy-preview-cap-applied').count()) > 0;
    await clickInModal(page, 'deal-form-ok');
    const proposed = section.locator('[data-testid="subsidy"][data-status="proposed"]');
    await expectShown(page, proposed, '提出补助方案');
    const steps = (await proposed.getByTestId('subsidy-step').allInnerTexts()).map(squash);
    const subsidyText = squash(await proposed.getByTestId('subsidy-amount').innerText());
    const capApplied = (await proposed.getByTestId('subsidy-cap-applied').count()) > 0;
    const brokerApprove = proposed.getByTestId('subsidy-approve');
    const brokerApproveDisabled = await brokerApprove.isDisabled();
    const hint = proposed.getByTestId('subsidy-approve-hint');
    const brokerApproveHint = (await hint.count()) ? squash(await hint.innerText()) : '';
    await proposed.scrollIntoViewIfNeeded();
    await shoot(page, 'challenge-deal-5-proposed.png');

    // 6. The approver approves (confirm dialog) and records the disbursement.
    await logOut(page);
    await logIn(page, baseUrl, opts.approverUser, opts.password);
    await openFromQueue(page, opts.dealId, 'subsidy', '补助审批');
    const card = deal.locator('[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="proposed"]');
    await card.waitFor({ state: 'visible' });
    const approve = card.getByTestId('subsidy-approve');
    if (await approve.isDisabled()) {
      const why = card.getByTestId('subsidy-approve-hint');
      throw new Error(`审批人不能批准：${(await why.count()) ? squash(await why.innerText()) : ''}`);
    }
    await approve.click();
    await clickInModal(page, 'subsidy-approve-ok');
    const approved = deal.locator(
      '[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="approved"]',
    );
    await expectShown(page, approved, '批准补助');
    await approved.scrollIntoViewIfNeeded();
    await shoot(page, 'challenge-deal-6-approved.png');

    await approved.getByTestId('subsidy-disburse').click();
    await page.getByTestId('subsidy-reference').fill(opts.disbursementRef ?? `国库支付-${Date.now()}`);
    await clickInModal(page, 'deal-form-ok');
    await clickInModal(page, 'deal-confirm-ok');
    const disbursed = deal.locator(
      '[data-testid="deal-subsidy-section"] [data-testid="subsidy"][data-status="disbursed"]',
    );
    await expectShown(page, disbursed, '登记补助拨付');
    const disbursementText = squash(await disbursed.getByTestId('subsidy-disbursement').innerText());
    const subsidyStatusText = squash(await disbursed.getByTestId('subsidy-status').innerText());
    const final = await statusNow(page, opts.dealId, 'in_progress', 'subsidy-disbursed');
    statuses.push(final);
    await disbursed.scrollIntoViewIfNeeded();
    await shoot(page, 'challenge-deal-7-disbursed.png');

    return {
      statuses,
      noticePreviewText,
      noticeLastDayText,
      signedOn,
      signedInfoText,
      filePurposes,
      installmentStatusText,
      receivedText,
      payable,
      payabilityText,
      previewAmountText,
      previewCapApplied,
      subsidyText,
      capApplied,
      steps,
      brokerApproveDisabled,
      brokerApproveHint,
      disbursementText,
      subsidyStatusText,
      finalStatusText: final.text,
      finalStatus: final.status,
      screenshots,
    };
  } finally {
    await browser?.close();
  }
}
