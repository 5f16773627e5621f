/**
 * Browser scenario of the carriers' first path (issue 15 Done-when; RULEBOOK §7; seeds `000`–`002`), driven by
 * playwright-core against a running web + API origin, each person in their own login:
 * 0. the administrator creates 包头市科技局's account on 账号管理 (it sets its own password at its first login);
 *    staff load the rule set (a second load refused), read its detail, create the round on 申报批次与规则集 (a
 *    closing date before the opening date refused by the page first) and open it after its confirmation; the page
 *    on a 390 px phone (`setUpRound`, `carrier-steps.ts`);
 * 1. the pilot base's user (包头) starts an application in the open round (我的载体申报 → 新建申报), fills the
 *    申报书 (figures, 万元 amounts, evidence; autosaved), signs the integrity pledge and submits it;
 * 2. 包头市科技局 (recommender) opens 载体管理, reads the thresholds and recommends with its site and credit checks;
 * 3. staff record the formal review and invite the expert;
 * 4. the expert opens 载体评审 from the menu, reads the application (thresholds with declared figures, recusal rule)
 *    and gives the opinion;
 * 5. staff close the expert review, record the site visit and the decision (会议研究), open the 5-working-day notice;
 *    the notice then elapses (`elapseNotice`, the test's hook); staff publish with the 文号;
 * 6. a visitor finds it in the public registry (文号, status) and the host's listing on the board as a 中试基地's;
 * 7. a staff member who may approve money proposes operation support — the page shows the computed, capped amount
 *    with its steps — and is refused approving it; a second person (approver) approves it.
 * Browser code only: the demo accounts, the host's listing and the notice's elapsing are the caller's.
 */
import { CARRIER_KIND_LABEL } from '@jiebang/contracts';
import { type Browser, type Locator, type Page } from 'playwright-core';
import {
  choose,
  createRecommender,
  phoneWidth,
  pickDate,
  type RecommenderAccount,
  type RoundSetUp,
  type RoundSetUpResult,
  setUpRound,
  toastsGone,
} from './carrier-steps';
import { launchChromium, screenshotTaker } from './chromium';
import { clickInModal, expectShown, logIn, logOut, modalSettled, PDF, squash, waitInPage } from './deal-steps';

/** A person of the scenario: login name and password. */
export interface Person {
  username: string;
  password: string;
}

/** Options of `runCarriersScenario`. */
export interface CarriersScenarioOptions {
  /** Origin serving the web app and `/api/v1`. */
  baseUrl: string;
  screenshotDir: string;
  applicant: Person;
  /** 包头市科技局's account: created by `accountsAdmin` on 账号管理 (step 0), then used to recommend. */
  recommender: RecommenderAccount;
  /** The staff administrator who creates the recommender's account (a demo account with its demo second factor). */
  accountsAdmin: Person;
  /** Staff who run the programme (形式审查 … 发文公布). */
  staff: Person;
  expert: Person;
  /** Staff who proposes the support and may approve money (refused on their own proposal). */
  proposer: Person;
  /** The second person who approves. */
  approver: Person;
  /** The round staff set up on 申报批次与规则集 (step 0); its title is what the applicant's round select shows. */
  round: RoundSetUp;
  /** The platform's name as applied for (e.g. 稀土功能材料中试基地). */
  platformName: string;
  /** The expert's display name in the invitation list. */
  expertName: string;
  /** The 文号 of publication. */
  documentNo: string;
  /** Today in Beijing, `YYYY-MM-DD` (meeting and publication date). */
  today: string;
  /** The title of a published listing of the applicant's organisation (looked up on the board). */
  listingTitle: string;
  /** Operation support base in yuan (e.g. `6000000.00`). */
  supportBaseYuan: string;
  /** Ends the notice period (back-dates it and runs what closes it); called with the application id. */
  elapseNotice: (applicationId: string) => Promise<void>;
  /** Waits for what publication sets off in the background (the host's listings reindexed as a 中试基地's). */
  afterPublication: () => Promise<void>;
}

/** What the scenario saw. */
export interface CarriersScenarioResult {
  /** Step 0: whether the recommender's first login was sent to 修改密码; the rule set and round on the staff page. */
  recommenderToldToChange: boolean;
  round: RoundSetUpResult;
  applicationId: string;
  /** The status tag on the 申报书 after submission. */
  submittedStatus: string;
  /** The recommender's review drawer: thresholds rows (`key:met`) and the status after recommending. */
  recommenderThresholds: string[];
  recommendedStatus: string;
  /** The expert's list row and review page. */
  expertRow: string;
  expertThresholds: string[];
  expertRecusal: string;
  /** How many evidence files the expert's page lists. */
  expertEvidenceFiles: number;
  expertOpinionGiven: string;
  /** `document.documentElement.scrollWidth` of the expert's page on a 390 px phone. */
  expertPhoneWidth: number;
  /** The status text after opening the notice (with 公示至 …). */
  noticeStatus: string;
  publishedStatus: string;
  /** The registry card and the carrier page. */
  registryCard: string;
  carrierDocumentNo: string;
  carrierId: string;
  /** The listing's card on the board, and its poster's carrier kind tags. */
  boardCard: string;
  boardCarrierKinds: string[];
  /** The support record after the proposal: granted amount text and the steps text. */
  supportGranted: string;
  supportSteps: string;
  /** The error shown when the proposer approves their own proposal. */
  selfApprovalError: string;
  /** The record's status tag after the approver approved. */
  supportStatusAfterApproval: string;
  screenshots: string[];
}

/** The 申报书's evidence: one PDF uploaded per required item (`EvidenceUpload`), each waited for until listed. */
async function fillEvidence(page: Page, items: [key: string, text: string][]): Promise<void> {
  const uploads = page.getByTestId('evidence-upload');
  for (const [key, text] of items) {
    const row = uploads.getByTestId(`evidence-${key}`);
    await row
      .locator('input[type=file]')
      .setInputFiles({ name: `${text}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await uploads.locator(`[data-testid="evidence-${key}"][data-files="1"]`).waitFor({ state: 'attached' });
  }
}

/** Opens `/staff/carriers` and the review drawer of the row with `platformName`. */
async function openReview(page: Page, baseUrl: string, platformName: string): Promise<Locator> {
  await page.goto(`${baseUrl}/staff/carriers`, { waitUntil: 'domcontentloaded' });
  const row = page.getByTestId('staff-carrier-row').filter({ hasText: platformName });
  await row.first().waitFor({ state: 'visible' });
  await row.first().click();
  const review = page.getByTestId('carrier-review');
  await review.waitFor({ state: 'visible' });
  return review;
}

/** Closes the open review drawer (it covers the header) and waits until it is gone. */
async function closeReview(page: Page): Promise<void> {
  await page.locator('.ant-drawer .ant-drawer-close').first().click();
  await page.getByTestId('carrier-review').waitFor({ state: 'hidden' });
}

/** The status text of the open review (its 状态 line). */
async function reviewStatus(review: Locator): Promise<string> {
  return squash(await review.locator('.ant-descriptions-row').filter({ hasText: '状态' }).first().innerText());
}

/**
 * Runs one step of `ReviewActions` in the open review: clicks its button, fills the modal (`fill`), confirms, and
 * waits for the success toast; a refusal fails with the page's message.
 */
async function reviewStep(
  page: Page,
  review: Locator,
  step: string,
  fill: (modal: Locator) => Promise<void>,
): Promise<void> {
  const button = review.getByTestId(`step-${step}`);
  await button.waitFor({ state: 'visible' });
  await button.click();
  await page.getByTestId('step-confirm').waitFor({ state: 'visible' });
  await waitInPage(page, modalSettled('step-confirm'), `弹窗 ${step} 打开`);
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('step-confirm') });
  await fill(modal);
  await clickInModal(page, 'step-confirm');
  await expectShown(page, page.locator('.ant-message-success').filter({ hasText: '已完成' }), `步骤 ${step} `);
  await page.getByTestId('step-confirm').waitFor({ state: 'hidden' });
  // Let the toast go before the next step is clicked.
  await page.mouse.move(5, (page.viewportSize()?.height ?? 700) - 5);
  await waitInPage(page, "!document.querySelector('.ant-message-notice')", '提示关闭');
}

/** Fills the pass radio (`yes` label) and the note of a step modal. */
function passWith(yes: string, note: string) {
  return async (modal: Locator) => {
    await modal.getByText(yes, { exact: true }).click();
    await modal.getByTestId('step-note').fill(note);
  };
}

/** Runs the scenario; the browser is always closed. */
export async function runCarriersScenario(opts: CarriersScenarioOptions): Promise<CarriersScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);

    // 0. The administrator creates 包头市科技局's account, which sets its own password at its first login; staff
    // load the rule set, create the round and open it on 申报批次与规则集 (`carrier-steps.ts`).
    await logIn(page, baseUrl, opts.accountsAdmin.username, opts.accountsAdmin.password);
    const { toldToChange: recommenderToldToChange } = await createRecommender(page, baseUrl, opts.recommender);
    await logIn(page, baseUrl, opts.staff.username, opts.staff.password);
    const round = await setUpRound(page, browser, baseUrl, opts.round, shoot);
    await logOut(page);

    // 1. The applicant: a new application in the open round, the 申报书 filled and submitted.
    await logIn(page, baseUrl, opts.applicant.username, opts.applicant.password);
    await page.goto(`${baseUrl}/carriers`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('my-carrier-applications-link').click();
    await page.getByTestId('carrier-applications').waitFor({ state: 'visible' });
    await page.getByTestId('new-application').click();
    await page.getByTestId('new-application-ok').waitFor({ state: 'visible' });
    await waitInPage(page, modalSettled('new-application-ok'), '新建申报弹窗打开');
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('new-application-ok') });
    await choose(page, dialog.getByTestId('new-application-round'), opts.round.title);
    await choose(page, dialog.getByTestId('new-application-kind'), CARRIER_KIND_LABEL.pilot_base);
    await dialog.getByTestId('new-application-name').fill(opts.platformName);
    await clickInModal(page, 'new-application-ok');
    await page.waitForURL(/\/carriers\/applications\/[0-9a-f-]{36}$/);
    const applicationId = new URL(page.url()).pathname.split('/').pop() as string;
    const form = page.getByTestId('application-form');
    await form.waitFor({ state: 'visible' });
    for (const key of ['legalPerson', 'constructionPlan', 'integrityClear'])
      await form.getByTestId(`figure-${key}`).check();
    const figures: [string, string][] = [
      ['spaceM2', '1200'],
      ['equipmentValueFen', '600'],
      ['operatingStaff', '12'],
      ['directors', '1'],
      ['pilotEngineers', '3'],
      ['advisers', '6'],
      ['projectPool', '25'],
      ['pilotProjectsDone', '4'],
      ['productised', '3'],
      ['techContractTurnoverFen', '300'],
    ];
    for (const [key, value] of figures) await form.getByTestId(`figure-${key}`).fill(value);
    const evidence: [string, string][] = [
      ['constructionPlan', '建设方案(2026 年版)'],
      ['sitePhotos', '场地实景图片 12 张'],
      ['projectList', '中试验证项目清单 25 项'],
      ['equipmentProof', '仪器设备清单及发票'],
      ['usccCertificate', '统一社会信用代码证'],
      ['integrityProof', '科研诚信证明'],
    ];
    await fillEvidence(page, evidence);
    await choose(page, form.getByTestId('application-fields'), '稀土', true);
    await page.getByTestId('annex-projects-add').click();
    await page.getByTestId('annex-projects').getByPlaceholder('项目名称').fill('烧结钕铁硼磁体中试');
    await page.getByTestId('annex-projects').getByPlaceholder('阶段/进展').fill('中试验证');
    await page.getByTestId('autosave-state').filter({ hasText: '已自动保存' }).waitFor({ state: 'visible' });
    await page.getByTestId('integrity-pledge').check();
    await shoot(page, 'carriers-application.png', false);
    await page.getByTestId('application-submit').click();
    await page.getByTestId('application-submit-confirm').click();
    const submittedTag = page.getByTestId('carrier-application').locator('.ant-card-head').getByText('已提交');
    const missing = page.getByTestId('application-missing');
    await submittedTag.or(missing).or(page.locator('.ant-message-error')).first().waitFor({ state: 'visible' });
    if (!(await submittedTag.isVisible()))
      throw new Error(
        `申报书提交失败:${squash(await page.locator('.ant-message-error, [data-testid=application-missing]').first().innerText())}`,
      );
    const submittedStatus = squash(await submittedTag.innerText());
    await logOut(page);

    // 2. The recommender: thresholds read, recommended with the site and credit checks.
    await logIn(page, baseUrl, opts.recommender.username, opts.recommender.password);
    let review = await openReview(page, baseUrl, opts.platformName);
    const recommenderThresholds = await thresholdRows(review);
    await reviewStep(page, review, 'recommend', async (modal) => {
      await modal.getByTestId('step-site-check').fill('实地核查:场地 1200 m²、设备与申报一致');
      await modal.getByTestId('step-credit-check').fill('信用中国、科研诚信记录均无不良');
      await modal.getByTestId('step-opinion').fill('同意推荐');
    });
    await review.getByText('已推荐').first().waitFor({ state: 'visible' });
    const recommendedStatus = await reviewStatus(review);
    await closeReview(page);
    await logOut(page);

    // 3. Staff: formal review, the expert invited.
    await logIn(page, baseUrl, opts.staff.username, opts.staff.password);
    review = await openReview(page, baseUrl, opts.platformName);
    await reviewStep(page, review, 'formal-review', passWith('通过,进入专家评审', '材料齐全,条件均达到'));
    await reviewStep(page, review, 'experts', async (modal) => {
      await choose(page, modal.getByTestId('step-expert'), opts.expertName);
    });
    await review.getByTestId('review-experts').getByText(opts.expertName).waitFor({ state: 'visible' });
    await closeReview(page);
    await logOut(page);

    // 4. The expert: 载体评审 from the menu, the application read, the opinion given.
    await logIn(page, baseUrl, opts.expert.username, opts.expert.password);
    await page.getByTestId('side-menu-expert-carriers').click();
    const row = page.getByTestId('carrier-expert-review-row').filter({ hasText: opts.platformName });
    await row.first().waitFor({ state: 'visible' });
    const expertRow = squash(await row.first().innerText());
    await row.first().getByRole('link', { name: opts.platformName }).click();
    const expertPage = page.getByTestId('carrier-expert-review');
    await expertPage.waitFor({ state: 'visible' });
    const expertThresholds = await thresholdRows(expertPage);
    const expertRecusal = squash(await page.getByTestId('expert-recusal').innerText());
    const expertEvidenceFiles = await expertPage.getByTestId('evidence-file').count();
    await page.getByTestId('expert-score').fill('86');
    await page.getByTestId('expert-opinion-form').getByText('建议通过', { exact: true }).click();
    await page.getByTestId('expert-opinion').fill('中试条件完备,场地与设备满足要求,建议备案');
    await page.getByTestId('expert-opinion-submit').click();
    await page.getByTestId('expert-opinion-confirm').click();
    const given = page.getByTestId('expert-opinion-given');
    await expectShown(page, given, '提交评审意见');
    const expertOpinionGiven = squash(await given.innerText());
    await shoot(page, 'carriers-expert-review.png', false);
    // The same page on a 390 px phone (same session): nothing scrolls sideways.
    const expertPhoneWidth = await phoneWidth(
      browser,
      context,
      page.url(),
      (phone) => phone.getByTestId('expert-opinion-given'),
      shoot,
      'carriers-expert-review-phone.png',
    );
    await logOut(page);

    // 5. Staff: expert review closed, site visit, decision, notice; after the notice, publication.
    await logIn(page, baseUrl, opts.staff.username, opts.staff.password);
    review = await openReview(page, baseUrl, opts.platformName);
    await reviewStep(page, review, 'expert-review', passWith('通过,进入实地考察', '专家评审通过(86 分,建议备案)'));
    await reviewStep(page, review, 'site-visit', passWith('考察通过', '场地、设备与申报一致'));
    await reviewStep(page, review, 'decision', async (modal) => {
      await modal.getByText('同意备案/认定', { exact: true }).click();
      await pickDate(modal, 'step-meeting-on', opts.today);
      await modal.getByTestId('step-note').fill('厅务会研究同意备案');
    });
    await reviewStep(page, review, 'notice', async () => undefined);
    await review.getByText('公示中').first().waitFor({ state: 'visible' });
    const noticeStatus = await reviewStatus(review);
    await opts.elapseNotice(applicationId);
    review = await openReview(page, baseUrl, opts.platformName);
    await reviewStep(page, review, 'publish', async (modal) => {
      await modal.getByTestId('step-document-no').fill(opts.documentNo);
      await pickDate(modal, 'step-published-on', opts.today);
    });
    await review.getByText('已发文公布').first().waitFor({ state: 'visible' });
    const publishedStatus = await reviewStatus(review);
    await opts.afterPublication();
    await closeReview(page);
    await logOut(page);

    // 6. A visitor: the public registry, the carrier's page, the board.
    await page.goto(`${baseUrl}/carriers`, { waitUntil: 'domcontentloaded' });
    const registry = page.getByTestId('carrier-registry');
    await registry.waitFor({ state: 'visible' });
    const entry = registry
      .locator('[data-testid=carrier-card], tr.ant-table-row')
      .filter({ hasText: opts.platformName });
    await entry.first().waitFor({ state: 'visible' });
    const registryCard = squash(await entry.first().innerText());
    await entry.first().getByTestId('carrier-link').first().click();
    await page.getByTestId('carrier-detail').waitFor({ state: 'visible' });
    const carrierId = new URL(page.url()).pathname.split('/').pop() as string;
    const carrierDocumentNo = squash(await page.getByTestId('carrier-document-no').innerText());
    await shoot(page, 'carriers-registry-detail.png', false);
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    const search = page.getByTestId('search-input');
    await search.fill(opts.listingTitle);
    await search.press('Enter');
    const card = page.getByTestId('result-card').filter({ hasText: opts.listingTitle });
    await card.first().waitFor({ state: 'visible' });
    const boardCard = squash(await card.first().innerText());
    const boardCarrierKinds = (await card.first().getByTestId('carrier-kind-tag').allInnerTexts()).map(squash);
    await shoot(page, 'carriers-board.png', false);

    // 7. Support: proposed (computed, capped, with steps), refused to its proposer, approved by a second person.
    await logIn(page, baseUrl, opts.proposer.username, opts.proposer.password);
    const support = await openSupport(page, baseUrl, carrierId);
    await support.getByTestId('support-base').fill(opts.supportBaseYuan);
    await support.getByTestId('support-propose').click();
    const record = support.getByTestId('support-record').first();
    await expectShown(page, record, '提出补助方案');
    const supportGranted = squash(await record.getByTestId('support-granted').innerText());
    const supportSteps = squash(await record.getByTestId('support-steps').innerText());
    await shoot(page, 'carriers-support.png', false);
    await waitInPage(page, "!document.querySelector('.ant-message-notice')", '提示关闭');
    await record.getByRole('button', { name: /批\s*准/ }).click();
    await confirmPopover(page);
    const refusal = page.locator('.ant-message-error');
    await refusal.first().waitFor({ state: 'visible' });
    const selfApprovalError = squash(await refusal.first().innerText());
    // The refusal's toast is wide (it names the rule) and reaches over the user menu; a click there would hover it,
    // and antd keeps a hovered toast open: let it go first.
    await toastsGone(page);
    await logOut(page);

    await logIn(page, baseUrl, opts.approver.username, opts.approver.password);
    const approverView = await openSupport(page, baseUrl, carrierId);
    const pending = approverView.getByTestId('support-record').first();
    await pending.getByRole('button', { name: /批\s*准/ }).click();
    await confirmPopover(page);
    await expectShown(page, page.locator('.ant-message-success').filter({ hasText: '已批准' }), '批准补助');
    await pending.locator('.ant-tag').filter({ hasText: '已批准' }).waitFor({ state: 'visible' });
    const supportStatusAfterApproval = squash(await pending.locator('.ant-tag').first().innerText());
    await shoot(page, 'carriers-support-approved.png', false);

    return {
      recommenderToldToChange,
      round,
      applicationId,
      submittedStatus,
      recommenderThresholds,
      recommendedStatus,
      expertRow,
      expertThresholds,
      expertRecusal,
      expertEvidenceFiles,
      expertOpinionGiven,
      expertPhoneWidth,
      noticeStatus,
      publishedStatus,
      registryCard,
      carrierDocumentNo,
      carrierId,
      boardCard,
      boardCarrierKinds,
      supportGranted,
      supportSteps,
      selfApprovalError,
      supportStatusAfterApproval,
      screenshots,
    };
  } catch (e) {
    // What the page showed when a step failed (for the report), then the failure itself.
    const open = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    for (const [i, p] of open.entries()) await shoot(p, `carriers-failure-${i}.png`, false).catch(() => undefined);
    throw e;
  } finally {
    await browser?.close();
  }
}

/** The threshold rows of a `ThresholdTable` inside `scope` as `key:met` (`data-met`). */
async function thresholdRows(scope: Locator): Promise<string[]> {
  const rows = scope.locator('[data-testid^="threshold-"][data-met]');
  await rows.first().waitFor({ state: 'visible' });
  const out: string[] = [];
  for (const r of await rows.all())
    out.push(
      `${((await r.getAttribute('data-testid')) ?? '').replace('threshold-', '')}:${await r.getAttribute('data-met')}`,
    );
  return out;
}

/** The carrier's page at its 补助 tab; returns the support panel. */
async function openSupport(page: Page, baseUrl: string, carrierId: string): Promise<Locator> {
  await page.goto(`${baseUrl}/carriers/${carrierId}`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('carrier-detail').waitFor({ state: 'visible' });
  await page.getByRole('tab', { name: '补助' }).click();
  const panel = page.getByTestId('support-panel');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** Clicks the OK button of the open Popconfirm. */
async function confirmPopover(page: Page): Promise<void> {
  const ok = page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary');
  await ok.first().waitFor({ state: 'visible' });
  await ok.first().click();
}
