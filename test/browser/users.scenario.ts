/**
 * Browser scenario of the user administration (issue 13), driven by playwright-core against a running web + API
 * origin: staff.admin logs in, opens 账号管理, creates an approver and reads its one-time password from the dialog;
 * then the approver logs in with it, binds its second factor (approvers must) and is sent to 修改密码, where it sets
 * its own password and lands signed in; finally the administrator disables it after a confirmation.
 */
import { generate } from 'otplib';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';
import { logIn, logOut, modalSettled, squash, TIMEOUT_MS, waitInPage } from './deal-steps';

/** Options of `runUsersScenario`. */
export interface UsersScenarioOptions {
  /** Origin serving the web app and `/api/v1`. */
  baseUrl: string;
  screenshotDir: string;
  /** The staff administrator (a demo account with its demo second factor). */
  adminUsername: string;
  adminPassword: string;
  /** The approver to create. */
  username: string;
  displayName: string;
  /** The password the approver chooses. */
  newPassword: string;
}

/** What the scenario saw. */
export interface UsersScenarioResult {
  /** The one-time password shown once. */
  oneTimePassword: string;
  /** Whether the approver was told to set its own password. */
  toldToChange: boolean;
  /** The approver's name and role in the header after setting its password. */
  headerName: string;
  headerRole: string;
  /** The state tags of the approver's row after it was disabled. */
  stateAfterDisable: string;
  screenshots: string[];
}

/** The row of `username` in the accounts table. */
function row(page: Page, username: string) {
  return page.getByTestId('user-table').locator('tr', { hasText: username });
}

/** Runs the scenario; the browser is always closed. */
export async function runUsersScenario(opts: UsersScenarioOptions): Promise<UsersScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    // The administrator creates the approver.
    await logIn(page, baseUrl, opts.adminUsername, opts.adminPassword);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '账号管理' }).click();
    await page.getByTestId('users-page').waitFor({ state: 'visible' });
    await page.getByTestId('create-user').click();
    await waitInPage(page, modalSettled('new-user-username'), '新建账号对话框打开');
    await page.getByTestId('new-user-username').fill(opts.username);
    await page.getByTestId('new-user-display-name').fill(opts.displayName);
    const roles = page.getByTestId('new-user-staff-roles');
    await roles.locator('.ant-select-selection-item-remove').first().click(); // 对接专员, the default
    await roles.click();
    await page.locator('.ant-select-item-option[title="审批人"]').click();
    await page.keyboard.press('Escape');
    await shoot(page, 'users-create.png');
    await page.getByTestId('create-user-submit').click();
    const otpText = page.getByTestId('one-time-password');
    await otpText.or(page.getByTestId('create-user-error')).first().waitFor({ state: 'visible' });
    if (!(await otpText.isVisible())) {
      throw new Error(`新建账号失败:${squash(await page.getByTestId('create-user-error').innerText())}`);
    }
    const oneTimePassword = squash(await otpText.innerText());
    await shoot(page, 'users-one-time-password.png');
    await page.getByRole('button', { name: '我已记下' }).click();
    await row(page, opts.username).waitFor({ state: 'visible' });
    await logOut(page);

    // The approver logs in with the one-time password, binds its second factor and sets its password.
    await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('login-username').fill(opts.username);
    await page.getByTestId('login-password').fill(oneTimePassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-enrol').or(page.getByTestId('login-error')).first().waitFor({ state: 'visible' });
    const secret = squash(await page.getByTestId('totp-secret').locator('code').innerText());
    await page.getByTestId('totp-enrol-code').fill(await generate({ secret }));
    await page.getByTestId('totp-enrol-confirm').click();
    await page.getByTestId('change-password-page').waitFor({ state: 'visible' });
    const toldToChange = await page.getByTestId('must-change-password').isVisible();
    await shoot(page, 'users-first-login.png');
    await page.getByTestId('current-password').fill(oneTimePassword);
    await page.getByTestId('new-password').fill(opts.newPassword);
    await page.getByTestId('confirm-password').fill(opts.newPassword);
    await page.getByTestId('change-password-submit').click();
    await page.waitForURL((url) => url.pathname !== '/account/password');
    const headerName = squash(await page.getByTestId('user-display-name').innerText());
    const headerRole = squash(await page.getByTestId('user-role').innerText());
    await logOut(page);

    // The administrator disables the approver after a confirmation.
    await logIn(page, baseUrl, opts.adminUsername, opts.adminPassword);
    await page.goto(`${baseUrl}/staff/users?q=${encodeURIComponent(opts.username)}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.getByTestId(`disable-${opts.username}`).click();
    await page.getByTestId('confirm-disable').click();
    await page.getByTestId(`enable-${opts.username}`).waitFor({ state: 'visible' });
    await shoot(page, 'users-disabled.png');
    const stateAfterDisable = squash(await row(page, opts.username).locator('td').nth(4).innerText());
    return { oneTimePassword, toldToChange, headerName, headerRole, stateAfterDisable, screenshots };
  } finally {
    await browser?.close();
  }
}
