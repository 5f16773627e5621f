/**
 * Steps of the carriers' browser scenario (`carriers.scenario.ts`) that are not the application's own path:
 * choosing in antd Selects, typing dates into DatePickers, a page measured on a 390 px phone, the recommender's
 * account created on 账号管理 (`createRecommender`), and step 0 — staff setting up the round on 申报批次与规则集 (`/staff/carriers/rounds`; issue 15 §1, §9; RULEBOOK §7):
 * 1. 加载规则集: the rule set's JSON pasted and checked by the server; the same set loaded a second time is
 *    refused (409 `CARRIER_RULE_SET_EXISTS`) with the server's words in the dialog;
 * 2. the rule set's detail drawer read (standing, 推荐名额);
 * 3. 新建批次: programme, title, 文号, kinds, dates, the recommenders' deadline and the rule set — first with the
 *    closing date before the opening date, which the page refuses without sending anything (`000` 四.2:
 *    开始申报 ≤ 截止申报 ≤ 推荐截止), then corrected and created as a draft;
 * 4. 开启申报, confirmed in its popover (irreversible), the row then reads 申报中;
 * 5. the same page on a 390 px phone: nothing scrolls sideways.
 * Browser code only: no Nest or TypeORM here.
 */
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { clickInModal, cssString, logOut, modalSettled, squash, waitInPage } from './deal-steps';

/** The open (not closing) antd Select dropdown. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * Chooses the option whose title starts with `option` in the antd Select `select` (a `multiple` one is closed
 * with Escape; there a click on a chosen option takes it out), then waits until no dropdown is open (a closing
 * one still matches a locator and moves under the pointer).
 */
export async function choose(page: Page, select: Locator, option: string, multiple = false): Promise<void> {
  await select.click();
  const item = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option[title^=${cssString(option)}]`);
  await item.first().waitFor({ state: 'visible' });
  await item.first().click();
  if (multiple) await page.keyboard.press('Escape');
  await waitInPage(page, `!document.querySelector(${JSON.stringify(OPEN_DROPDOWN)})`, `选择“${option}”`);
}

/** Types a date into an antd DatePicker inside `scope` (its input has test id `testId`) and accepts it. */
export async function pickDate(scope: Locator, testId: string, day: string): Promise<void> {
  const input = scope.getByTestId(testId);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/**
 * Opens `url` on a 390 × 844 phone in the session of `context` (its cookies and storage), waits for `ready` and
 * returns `document.documentElement.scrollWidth` (≤ 390 when nothing scrolls sideways); `shot` names the
 * screenshot taken there.
 */
export async function phoneWidth(
  browser: Browser,
  context: BrowserContext,
  url: string,
  ready: (phone: Page) => Locator,
  shoot: (page: Page, name: string) => Promise<void>,
  shot: string,
): Promise<number> {
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    isMobile: true,
    hasTouch: true,
    storageState: await context.storageState(),
  });
  try {
    const phone = await phoneContext.newPage();
    phone.setDefaultTimeout(60_000);
    await phone.goto(url, { waitUntil: 'domcontentloaded' });
    await ready(phone).waitFor({ state: 'visible' });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shoot(phone, shot);
    return width;
  } finally {
    await phoneContext.close();
  }
}

/** Browser-side test: the drawer around the element with test id `testId` has finished sliding in. */
function drawerSettled(testId: string): string {
  return `(() => {
    const drawer = document.querySelector('[data-testid=${JSON.stringify(testId)}]')?.closest('.ant-drawer');
    if (!drawer) return false;
    const moving = drawer.querySelector('[class*="-appear"], [class*="-enter"]');
    const running = drawer.getAnimations({ subtree: true }).some((a) => a.playState === 'running');
    return !moving && !running;
  })()`;
}

/** The round staff set up in step 0. */
export interface RoundSetUp {
  /** The rule set as pasted into 加载规则集 (JSON text), and its `key@version` id. */
  ruleSetJson: string;
  ruleSetId: string;
  /** The start of the rule set's name (as the round form's rule set select shows it). */
  ruleSetName: string;
  /** The programme's name as the form's select shows it. */
  programme: string;
  title: string;
  documentNo: string;
  /** Kinds of the programme the round does not take (their labels; taken out of the preselected ones). */
  withoutKinds: string[];
  /** Beijing dates `YYYY-MM-DD`. */
  opensOn: string;
  closesOn: string;
  recommendDeadline: string;
  /** A closing date before `opensOn`, typed first: the page must refuse it. */
  closesTooEarly: string;
}

/** What step 0 saw. */
export interface RoundSetUpResult {
  /** The rule set's row after loading it. */
  ruleSetRow: string;
  /** The dialog's refusal when the same rule set is loaded again. */
  ruleSetRefusal: string;
  /** The detail drawer: the standing tag and the 推荐名额 line. */
  ruleSetStanding: string;
  ruleSetQuota: string;
  /** The form's error under 截止申报日期 for a closing date before the opening date. */
  roundDateRefusal: string;
  /** `POST /api/v1/carriers/rounds` requests the page sent while the dates were out of order (must be 0). */
  roundPostsWhileRefused: number;
  /** The round's row once created (a draft) and its status after 开启申报. */
  roundRowDraft: string;
  roundOpenConfirmText: string;
  roundStatusAfterOpen: string;
  /** `document.documentElement.scrollWidth` of the rounds page on a 390 px phone. */
  roundsPhoneWidth: number;
}

/** Waits until no toast is shown (the pointer moved off it first: antd keeps a hovered toast open). */
export async function toastsGone(page: Page): Promise<void> {
  await page.mouse.move(5, (page.viewportSize()?.height ?? 700) - 5);
  await waitInPage(page, "!document.querySelector('.ant-message-notice')", '提示关闭');
}

/** Opens 加载规则集, pastes `json`, sends it; returns the success toast's text or the dialog's refusal. */
async function loadRuleSet(page: Page, json: string): Promise<{ ok: boolean; text: string }> {
  await page.getByTestId('rule-set-load').click();
  const text = page.getByTestId('rule-set-json');
  await text.waitFor({ state: 'visible' });
  await waitInPage(page, modalSettled('rule-set-load-ok'), '加载规则集弹窗打开');
  await text.fill(json);
  await clickInModal(page, 'rule-set-load-ok');
  const done = page.locator('.ant-message-success').filter({ hasText: '已加载' });
  const refusal = page.getByTestId('rule-set-refusal');
  await done.or(refusal).first().waitFor({ state: 'visible' });
  if (await refusal.isVisible()) return { ok: false, text: squash(await refusal.innerText()) };
  await text.waitFor({ state: 'hidden' });
  return { ok: true, text: squash(await done.first().innerText()) };
}

/**
 * Step 0 (see the file's comment), as the signed-in staff member on `page`: returns what the page showed; throws
 * with the page's words when a step the scenario needs is refused.
 */
export async function setUpRound(
  page: Page,
  browser: Browser,
  baseUrl: string,
  setup: RoundSetUp,
  shoot: (page: Page, name: string, fullPage?: boolean) => Promise<void>,
): Promise<RoundSetUpResult> {
  const url = `${baseUrl}/staff/carriers/rounds`;
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('staff-carrier-rounds').waitFor({ state: 'visible' });

  // 1. The rule set loaded, then refused a second time.
  const loaded = await loadRuleSet(page, setup.ruleSetJson);
  if (!loaded.ok) throw new Error(`加载规则集失败:${loaded.text}`);
  const ruleRow = page.locator(`[data-testid=rule-set-row][data-id=${cssString(setup.ruleSetId)}]`);
  await ruleRow.waitFor({ state: 'visible' });
  const ruleSetRow = squash(await ruleRow.innerText());
  await toastsGone(page);
  const again = await loadRuleSet(page, setup.ruleSetJson);
  if (again.ok) throw new Error(`同一规则集第二次加载没有被拒绝:${again.text}`);
  await shoot(page, 'carriers-rule-set-refused.png', false);
  await page
    .locator('.ant-modal')
    .filter({ has: page.getByTestId('rule-set-load-ok') })
    .getByRole('button', { name: /取\s*消/ })
    .click();
  await page.getByTestId('rule-set-json').waitFor({ state: 'hidden' });

  // 2. Its detail.
  await ruleRow.getByTestId('rule-set-view').click();
  const detail = page.getByTestId('rule-set-detail');
  await detail.waitFor({ state: 'visible' });
  const ruleSetStanding = squash(await detail.getByTestId('rule-set-standing').innerText());
  const ruleSetQuota = squash(
    await detail.locator('.ant-descriptions-row').filter({ hasText: '推荐名额' }).first().innerText(),
  );
  await shoot(page, 'carriers-rule-set-detail.png', false);
  await page.locator('.ant-drawer').filter({ has: detail }).locator('.ant-drawer-close').click();
  await detail.waitFor({ state: 'hidden' });

  // 3. 新建批次: the dates out of order refused by the page, then the draft created.
  let posts = 0;
  const countPosts = (r: { method(): string; url(): string }) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/carriers/rounds') posts += 1;
  };
  page.on('request', countPosts);
  await page.getByTestId('round-new').click();
  await page.getByTestId('round-submit').waitFor({ state: 'visible' });
  await waitInPage(page, drawerSettled('round-submit'), '新建批次抽屉打开');
  const drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('round-submit') });
  await choose(page, drawer.getByTestId('round-programme'), setup.programme);
  await drawer.getByTestId('round-title').fill(setup.title);
  await drawer.getByTestId('round-document-no').fill(setup.documentNo);
  for (const kind of setup.withoutKinds) await choose(page, drawer.getByTestId('round-kinds'), kind, true);
  await pickDate(drawer, 'round-opens-on', setup.opensOn);
  await pickDate(drawer, 'round-closes-on', setup.closesTooEarly);
  await pickDate(drawer, 'round-recommend-deadline', setup.recommendDeadline);
  await choose(page, drawer.getByTestId('round-rule-set'), setup.ruleSetName);
  await drawer.getByTestId('round-submit').click();
  const dateError = drawer.locator('.ant-form-item-explain-error').filter({ hasText: '不能早于' });
  await dateError.first().waitFor({ state: 'visible' });
  const roundDateRefusal = squash(await dateError.first().innerText());
  const roundPostsWhileRefused = posts;
  await shoot(page, 'carriers-round-dates-refused.png', false);
  await pickDate(drawer, 'round-closes-on', setup.closesOn);
  await dateError.first().waitFor({ state: 'hidden' });
  await drawer.getByTestId('round-submit').click();
  const created = page.locator('.ant-message-success').filter({ hasText: '已创建' });
  const failure = page.getByTestId('round-failure');
  await created.or(failure).first().waitFor({ state: 'visible' });
  if (await failure.isVisible()) throw new Error(`新建批次失败:${squash(await failure.innerText())}`);
  page.off('request', countPosts);
  await page.getByTestId('round-submit').waitFor({ state: 'hidden' });
  const row = page.getByTestId('round-row').filter({ hasText: setup.title });
  await row.getByTestId('round-status').filter({ hasText: '草稿' }).waitFor({ state: 'visible' });
  const roundRowDraft = squash(await row.innerText());
  await toastsGone(page);

  // 4. 开启申报, confirmed.
  await row.getByTestId('round-open').click();
  const confirm = page.getByTestId('round-open-confirm');
  await confirm.waitFor({ state: 'visible' });
  const roundOpenConfirmText = squash(
    await page.locator('.ant-popconfirm').filter({ has: confirm }).locator('.ant-popconfirm-message').innerText(),
  );
  await confirm.click();
  const opened = row.getByTestId('round-status').filter({ hasText: '申报中' });
  await opened.or(page.locator('.ant-message-error')).first().waitFor({ state: 'visible' });
  if (!(await opened.isVisible()))
    throw new Error(`开启申报失败:${squash(await page.locator('.ant-message-error').first().innerText())}`);
  const roundStatusAfterOpen = squash(await opened.innerText());
  await shoot(page, 'carriers-rounds.png', false);
  await toastsGone(page);

  // 5. On a phone.
  const roundsPhoneWidth = await phoneWidth(
    browser,
    page.context(),
    url,
    (phone) => phone.getByTestId('round-row').filter({ hasText: setup.title }),
    shoot,
    'carriers-rounds-phone.png',
  );
  return {
    ruleSetRow,
    ruleSetRefusal: again.text,
    ruleSetStanding,
    ruleSetQuota,
    roundDateRefusal,
    roundPostsWhileRefused,
    roundRowDraft,
    roundOpenConfirmText,
    roundStatusAfterOpen,
    roundsPhoneWidth,
  };
}

/** A recommender's account as the administrator creates it on 账号管理 (`createRecommender`). */
export interface RecommenderAccount {
  username: string;
  /** The 姓名 field (e.g. 包头市科技局). */
  displayName: string;
  /** The authority's name as the 所属推荐部门 select shows it (e.g. 包头市科技局 for `150200`). */
  authority: string;
  /** The password the recommender sets at its first login. */
  password: string;
}

/**
 * The recommender's account through the pages (issue 13's user administration; RULEBOOK §7 推荐部门 alone, with
 * its authority): the signed-in administrator on `page` opens 账号管理 → 新建账号, takes out the default
 * 对接专员, chooses 推荐部门 and its authority, and reads the one-time password shown once; the administrator is
 * then logged out (`logOut`), the recommender logs in with that password, is sent to 修改密码 (told it must) and
 * sets its own, and is logged out. Returns whether the page told it to change the password.
 * @throws Error with the page's words when the account is refused.
 */
export async function createRecommender(
  page: Page,
  baseUrl: string,
  account: RecommenderAccount,
): Promise<{ toldToChange: boolean }> {
  await page.goto(`${baseUrl}/staff/users`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('users-page').waitFor({ state: 'visible' });
  await page.getByTestId('create-user').click();
  await waitInPage(page, modalSettled('new-user-username'), '新建账号对话框打开');
  await page.getByTestId('new-user-username').fill(account.username);
  await page.getByTestId('new-user-display-name').fill(account.displayName);
  const roles = page.getByTestId('new-user-staff-roles');
  await roles.locator('.ant-select-selection-item-remove').first().click(); // 对接专员, the default
  await choose(page, roles, '推荐部门', true);
  await choose(page, page.getByTestId('new-user-authority'), account.authority);
  await page.getByTestId('create-user-submit').click();
  const otpText = page.getByTestId('one-time-password');
  const refused = page.getByTestId('create-user-error');
  await otpText.or(refused).first().waitFor({ state: 'visible' });
  if (!(await otpText.isVisible())) throw new Error(`新建推荐部门账号失败:${squash(await refused.innerText())}`);
  const oneTimePassword = squash(await otpText.innerText());
  await page.getByRole('button', { name: '我已记下' }).click();
  await page.getByTestId('user-table').locator('tr', { hasText: account.username }).waitFor({ state: 'visible' });
  await logOut(page);

  await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(oneTimePassword);
  await page.getByTestId('login-submit').click();
  const changePage = page.getByTestId('change-password-page');
  await changePage.or(page.getByTestId('login-error')).first().waitFor({ state: 'visible' });
  if (!(await changePage.isVisible()))
    throw new Error(`推荐部门首次登录失败:${squash(await page.getByTestId('login-error').innerText())}`);
  const toldToChange = await page.getByTestId('must-change-password').isVisible();
  await page.getByTestId('current-password').fill(oneTimePassword);
  await page.getByTestId('new-password').fill(account.password);
  await page.getByTestId('confirm-password').fill(account.password);
  await page.getByTestId('change-password-submit').click();
  await page.waitForURL((url) => url.pathname !== '/account/password');
  await page.getByTestId('user-menu').waitFor({ state: 'visible' });
  await page.mouse.move(5, (page.viewportSize()?.height ?? 700) - 5);
  await waitInPage(page, "!document.querySelector('.ant-message-notice')", '修改密码提示关闭');
  await logOut(page);
  return { toldToChange };
}
