/**
 * Steps shared by the deal scenarios (`deal.scenario.ts`, `challenge-deal.scenario.ts`): logging in and out
 * through the header, waiting for antd modals to settle before clicking in them, and failing with what the page
 * showed. Browser code only: no Nest or TypeORM here.
 */
import { generate } from 'otplib';
import { type Locator, type Page } from 'playwright-core';
import { DEMO_TOTP_SECRETS } from '../../apps/api/src/auth/demo-totp';

export const TIMEOUT_MS = 30_000;

/** A minimal valid PDF (the storage port judges type by content). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Collapses the whitespace of rendered text. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** A CSS attribute selector value, double-quoted and escaped. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Text of the first visible element among `testIds` (for failure messages). */
export async function visibleText(page: Page, testIds: string[]): Promise<string> {
  for (const id of testIds) {
    const loc = page.getByTestId(id);
    if ((await loc.count()) && (await loc.first().isVisible())) return squash(await loc.first().innerText());
  }
  return '';
}

/** Browser-side test: the modal around the element with test id `testId` has finished its opening motion. */
export function modalSettled(testId: string): string {
  return `(() => {
    const modal = document.querySelector('[data-testid=${JSON.stringify(testId)}]')?.closest('.ant-modal');
    if (!modal) return false;
    const moving = /-(appear|enter|prepare)/.test(modal.className);
    const running = modal.getAnimations({ subtree: true }).some((a) => a.playState === 'running');
    return !moving && !running && getComputedStyle(modal).opacity === '1';
  })()`;
}

/**
 * Waits until the browser-side `expression` (a string: no DOM types here) is truthy, evaluating it from the test
 * every 50 ms. Not `page.waitForFunction`: that re-evaluates the string inside the page, which the app's
 * Content-Security-Policy (`script-src 'self'`, no `'unsafe-eval'`) refuses; an evaluation sent by the test is
 * not the page's own script. An evaluation cut by a navigation counts as false.
 * @throws Error naming `what` when `expression` is not true within `timeoutMs`.
 */
export async function waitInPage(page: Page, expression: string, what: string, timeoutMs = TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await page.evaluate(expression).catch((e: Error) => {
      if (/context was destroyed|navigat/i.test(e.message)) return false;
      throw e;
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what}：${timeoutMs / 1000} 秒内没有完成`);
    await page.waitForTimeout(50);
  }
}

/** Clicks a modal's button (test id `testId`) once the modal has settled (a click during its motion is lost). */
export async function clickInModal(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await button.waitFor({ state: 'visible' });
  await waitInPage(page, modalSettled(testId), `弹窗 ${testId} 打开`);
  await button.click();
}

/** Time steps already used per demo user (the API refuses a code twice): the next code, waiting if need be. */
const usedSteps = new Map<string, number>();

/** A TOTP code of a demo account's fixed secret whose time step was not used by this process before. */
export async function nextDemoTotpCode(username: string): Promise<string> {
  const secret = DEMO_TOTP_SECRETS[username];
  if (!secret) throw new Error(`${username} 没有演示用的动态验证码密钥`);
  const now = () => Math.floor(Date.now() / 30_000);
  const step = Math.max(now(), (usedSteps.get(username) ?? -1) + 1);
  while (step > now() + 1) await new Promise((r) => setTimeout(r, 1000));
  usedSteps.set(username, step);
  return generate({ secret, epoch: step * 30 });
}

/** Waits for `target`; throws with the page's error (form error or error message) if one shows first. */
export async function expectShown(page: Page, target: Locator, what: string): Promise<void> {
  const formError = page.getByTestId('deal-form-error');
  const toastError = page.locator('.ant-message-error');
  await target.or(formError).or(toastError).first().waitFor({ state: 'visible' });
  if (!(await target.first().isVisible())) {
    const text = (await formError.count()) ? await formError.first().innerText() : await toastError.first().innerText();
    throw new Error(`${what}失败：${squash(text)}`);
  }
}

/** Logs in through the login form on `page`. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const signedIn = page.getByTestId('user-menu');
  const error = page.getByTestId('login-error');
  const totp = page.getByTestId('login-totp');
  await signedIn.or(error).or(totp).first().waitFor({ state: 'visible' });
  if (await totp.isVisible()) {
    // Approver and admin: the demo second factor (README "Demo accounts"), a code never used before.
    await totp.fill(await nextDemoTotpCode(username));
    await page.getByTestId('login-submit').click();
    await signedIn.or(error).first().waitFor({ state: 'visible' });
  }
  if (!(await signedIn.isVisible())) throw new Error(`登录失败(${username})：${squash(await error.innerText())}`);
  // The welcome toast sits over the header links, and antd keeps a toast open while the pointer hovers it: move
  // the pointer away and let it close before anything in the header is clicked.
  await page.mouse.move(5, (page.viewportSize()?.height ?? 700) - 5);
  await waitInPage(page, "!document.querySelector('.ant-message-notice')", '登录提示关闭');
}

/**
 * Logs out through the user menu (退出登录): one click on the item must send `POST /auth/logout` and the server
 * must end the session (2xx), else this throws. Lost clicks here were put down to the page (its menu popup now
 * lives in the sticky header, see `UserMenu.tsx`), so the click is not retried: a lost one is a bug to see.
 */
export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  const item = page.getByRole('menuitem', { name: '退出登录' });
  await item.waitFor({ state: 'visible' });
  const revoked = page.waitForResponse((r) => r.url().includes('/api/v1/auth/logout'), { timeout: 10_000 });
  await item.click();
  const status = await revoked.then(
    (r) => r.status(),
    () => 0,
  );
  if (!status || status >= 300)
    throw new Error(
      `logOut: POST /auth/logout ${status ? `answered ${status}` : 'never sent after the click on 退出登录'} (${page.url()})`,
    );
  const login = page.getByTestId('header-login');
  // The signed-out header must then replace the signed-in one; failing that, a reload must show it.
  if (
    !(await login.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    console.warn('logOut: the signed-out header did not appear in place; reloading');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await login.waitFor({ state: 'visible' });
  }
}

/** The deal page of `dealId`. */
