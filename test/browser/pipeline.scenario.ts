/**
 * Browser scenario of the whole workflow, driven by playwright-core against a running web + API origin, one
 * browser context (own localStorage) per role:
 * 1. `enterprise.demo` fills the complete 征集表 of a 技术攻关类 listing (demand block included) and submits it;
 * 2. `staff.broker` starts the 需求论证, passes it and publishes the listing;
 * 3. `university.demo` opens the published listing and applies (plan, team, budget, one timetable row) — not
 *    `institute.demo`: 包头稀土研究院 is in 包钢集团's group (via 北方稀土, 控股股东 38.92 %) and may not take its listing;
 * 4. `staff.broker` starts the review of the application and recommends it;
 * then the final statuses are read. Screenshots `pipeline-1-posted.png` … go to `opts.screenshotDir`.
 */
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { modalSettled, waitInPage } from './deal-steps';

/** Options of `runPipelineScenario`. */
export interface PipelineScenarioOptions {
  /** Origin serving the web app and `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Directory for screenshots (created if missing). */
  screenshotDir: string;
  /** Password of the demo accounts. */
  password: string;
  /** Chromium binary; by default the one `launchChromium` picks (system, else npm). */
  chromiumPath?: string;
  /** Runs after the review has started and before staff recommend (e.g. an expert scores through the API). */
  beforeRecommend?: (ctx: { listingId: string }) => Promise<void>;
}

/** What the scenario saw. */
export interface PipelineScenarioResult {
  /** Title of the listing posted (unique, with a timestamp). */
  listingTitle: string;
  /** Status of the listing at the end (`published`). */
  finalListingStatus: string;
  /** Status of the application at the end (`recommended`). */
  applicationStatus: string;
  /** Absolute paths of the screenshots taken, in order. */
  screenshots: string[];
}

const TIMEOUT_MS = 30_000;

/** Collapses the whitespace of rendered text. */
function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Text of the first visible element among `testIds` (for failure messages). */
async function visibleText(page: Page, testIds: string[]): Promise<string> {
  for (const id of testIds) {
    const loc = page.getByTestId(id);
    if ((await loc.count()) && (await loc.first().isVisible())) return squash(await loc.first().innerText());
  }
  return '';
}

/** A CSS attribute selector value, double-quoted and escaped. */
function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A fresh context (own localStorage, so its own session) and page, signed in as `username`. */
async function signIn(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const signedIn = page.getByTestId('user-menu');
  await signedIn.or(page.getByTestId('login-error')).first().waitFor({ state: 'visible' });
  if (!(await signedIn.isVisible())) {
    throw new Error(`登录失败(${username})：${await visibleText(page, ['login-error'])}`);
  }
  return { context, page };
}

/** Clicks the open confirmation's OK button and waits until the modal closed; throws the modal's error. */
async function confirm(page: Page, what: string): Promise<void> {
  const ok = page.getByTestId('confirm-ok');
  await ok.waitFor({ state: 'visible' });
  // A click during the modal's opening motion is lost: wait until it has settled.
  await waitInPage(page, modalSettled('confirm-ok'), '确认弹窗打开');
  await ok.click();
  const body = page.getByTestId('action-modal-body');
  const error = page.getByTestId('action-error');
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await error.isVisible()) throw new Error(`${what}失败：${squash(await error.innerText())}`);
    if (!(await body.count())) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}：确认后 ${TIMEOUT_MS / 1000} 秒内没有完成`);
}

/** Picks the option labelled `label` of a radio / checkbox group. */
async function choose(group: Locator, label: string): Promise<void> {
  await group.getByText(label, { exact: true }).click();
}

/** Runs the pipeline scenario; the browser is always closed. */
export async function runPipelineScenario(opts: PipelineScenarioOptions): Promise<PipelineScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const listingTitle = `浏览器测试:稀土永磁晶界扩散技术攻关 ${stamp}`;

  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);

    // 1. The enterprise posts a challenge and submits it.
    const enterprise = await signIn(browser, baseUrl, 'enterprise.demo', opts.password);
    let page = enterprise.page;
    await page.goto(`${baseUrl}/workspace`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('ws-new-listing').click();
    const form = page.getByTestId('listing-form');
    await form.waitFor({ state: 'visible' });
    await choose(page.getByTestId('listing-kind'), '技术攻关类');
    await page.getByTestId('listing-form-title').fill(listingTitle);
    // The first change creates the draft.
    const created = page.locator('[data-testid="listing-form"]:not([data-listing-id=""])');
    await created.or(page.getByTestId('posting-blocked')).first().waitFor({ state: 'visible' });
    if (!(await created.count())) {
      await shoot(page, 'pipeline-1-posted.png');
      throw new Error(`创建草稿失败：${await visibleText(page, ['posting-blocked', 'autosave-status'])}`);
    }
    const listingId = (await created.getAttribute('data-listing-id')) ?? '';
    await choose(page.getByTestId('listing-form-field'), '稀土');
    const region = page.getByTestId('listing-form-region');
    await region.click();
    await region.locator('input').first().fill('包头市(本级)');
    await page.keyboard.press('Enter');
    await choose(page.getByTestId('listing-form-result-type'), '行业共性技术');
    await choose(page.getByTestId('listing-form-has-own-ip'), '是');
    await choose(page.getByTestId('listing-form-achievement-type'), '新材料');
    await choose(page.getByTestId('listing-form-ip-types'), '专利权');
    await page
      .getByTestId('listing-form-summary')
      .fill('围绕高性能钕铁硼永磁材料，开发晶界扩散工艺，在保持剩磁的前提下显著提升矫顽力并降低重稀土用量。');
    await page.getByTestId('listing-form-team').fill('企业研发中心永磁材料团队20人，具备中试线和检测平台。');
    await page.getByTestId('listing-form-time-limit').fill('24个月');
    await page.getByTestId('listing-form-investment').fill('500');
    await page.getByTestId('demand-background').fill('新能源汽车驱动电机对高矫顽力磁体需求快速增长，重稀土资源紧缺。');
    await page.getByTestId('demand-content').fill('研发晶界扩散关键工艺及装备，实现重稀土减量并完成中试验证。');
    await page.getByTestId('key-tech-name-0').fill('晶界扩散工艺');
    await page.getByTestId('key-tech-target-0').fill('矫顽力提升 ≥ 5 kOe，镝用量降低 ≥ 50%');
    await page.getByTestId('demand-result-form').fill('工艺包、中试样品及专利');
    await page
      .getByTestId('demand-taker-requirements')
      .fill('具有稀土永磁材料研发基础和中试条件的高校、科研机构或企业');
    await page.getByTestId('demand-ip-ownership').fill('合同约定，发榜方与揭榜方共有');
    await page.getByTestId('demand-benefit-sharing').fill('按投入比例分享转化收益');
    await page.locator('[data-testid="autosave-status"][data-state="saved"]').waitFor({ state: 'visible' });
    await page.getByTestId('attest-checkbox').check();
    await page.getByTestId('listing-form-submit').click();
    await confirm(page, '提交榜单');
    const myRow = page.locator(
      `[data-testid="my-listing-row"][data-listing-id=${cssString(listingId)}][data-status="submitted"]`,
    );
    await myRow.or(page.getByTestId('form-problems')).first().waitFor({ state: 'visible' });
    if (!(await myRow.count())) {
      await shoot(page, 'pipeline-1-posted.png');
      throw new Error(`提交榜单失败：${await visibleText(page, ['form-problems', 'posting-blocked'])}`);
    }
    await shoot(page, 'pipeline-1-posted.png');

    // 2. Staff: 开始论证 → 论证通过 → 发布.
    const staff = await signIn(browser, baseUrl, 'staff.broker', opts.password);
    page = staff.page;
    const queueRow = (status: string) =>
      page.locator(`[data-testid="queue-row"][data-listing-id=${cssString(listingId)}][data-status="${status}"]`);
    const step = async (status: string, actionId: string, what: string) => {
      await page.goto(`${baseUrl}/staff/pipeline?status=${status}`, { waitUntil: 'domcontentloaded' });
      const row = queueRow(status);
      await row.waitFor({ state: 'visible' });
      await row.getByTestId(actionId).click();
      await confirm(page, what);
    };
    await step('submitted', 'action-start-screening', '开始论证');
    await step('screening', 'action-pass', '论证通过');
    await step('passed', 'action-publish', '发布');
    await page.goto(`${baseUrl}/staff/pipeline?status=published`, { waitUntil: 'domcontentloaded' });
    await queueRow('published').waitFor({ state: 'visible' });
    await shoot(page, 'pipeline-2-published.png');

    // 3. The university applies.
    const institute = await signIn(browser, baseUrl, 'university.demo', opts.password);
    page = institute.page;
    await page.goto(`${baseUrl}/listings/${encodeURIComponent(listingId)}`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('listing-detail').waitFor({ state: 'visible' });
    await page.getByTestId('apply-button').click();
    await page.getByTestId('apply-form').waitFor({ state: 'visible' });
    await page
      .getByTestId('application-plan')
      .fill('采用低熔点合金扩散源与多级热处理工艺，分三阶段完成工艺开发、中试验证和示范应用，形成工艺包。');
    await page.getByTestId('application-team').fill('研究院永磁材料研究室15人，高级职称8人。');
    await page.getByTestId('application-budget').fill('300');
    await page.getByTestId('timetable-milestone-0').fill('完成中试验证');
    const due = page.getByTestId('timetable-date-0');
    await due.click();
    await due.fill(`${new Date().getFullYear() + 1}-12-31`);
    await due.press('Enter');
    await page.getByTestId('application-submit').click();
    await confirm(page, '提交揭榜申报');
    const success = page.getByTestId('application-success');
    await success
      .or(page.getByTestId('application-ineligible'))
      .or(page.getByTestId('application-exists'))
      .first()
      .waitFor({ state: 'visible' });
    if (!(await success.count())) {
      await shoot(page, 'pipeline-3-applied.png', false);
      throw new Error(`揭榜申报未成功：${await visibleText(page, ['application-ineligible', 'application-exists'])}`);
    }
    await shoot(page, 'pipeline-3-applied.png', false);

    // 4. Staff: 开始评审 → 推荐.
    page = staff.page;
    await page.goto(
      `${baseUrl}/staff/pipeline?status=published&listing=${encodeURIComponent(listingId)}&view=applications`,
      { waitUntil: 'domcontentloaded' },
    );
    await page.getByTestId('review-board').waitFor({ state: 'visible' });
    const appRow = page.getByTestId('application-row').first();
    await appRow.waitFor({ state: 'visible' });
    await appRow.getByTestId('action-start-review').click();
    await confirm(page, '开始评审');
    await page.locator('[data-testid="application-row"][data-status="under_review"]').first().waitFor();
    if (opts.beforeRecommend) {
      // e.g. an expert is assigned and scores (the API requires a score before a recommendation).
      await opts.beforeRecommend({ listingId });
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('[data-testid="application-row"][data-status="under_review"]').first().waitFor();
    }
    await page.getByTestId('application-row').first().getByTestId('action-recommend').click();
    await page.getByTestId('action-reason').fill('方案可行，团队具备中试条件，推荐揭榜。');
    await confirm(page, '推荐');
    const recommended = page.locator('[data-testid="application-row"][data-status="recommended"]').first();
    await recommended.waitFor({ state: 'visible' });
    const applicationStatus = (await recommended.getAttribute('data-status')) ?? '';
    const finalListingStatus =
      (await page.getByTestId('pipeline-listing-status').first().getAttribute('data-status')) ?? '';
    await shoot(page, 'pipeline-4-recommended.png', false);

    // The applicant sees the result.
    page = institute.page;
    await page.goto(`${baseUrl}/workspace?tab=applications`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('my-applications').waitFor({ state: 'visible' });
    await page.getByTestId('application-row').first().waitFor({ state: 'visible' });
    await shoot(page, 'pipeline-5-result.png');

    return { listingTitle, finalListingStatus, applicationStatus, screenshots };
  } finally {
    await browser?.close();
  }
}
