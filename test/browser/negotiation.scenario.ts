/**
 * Browser scenario of a negotiation room: the poster, the applicant and a broker open the same room in three
 * browser contexts; the poster writes and the applicant sees it in real time; `proposeOffer` (a callback that
 * puts the applicant's offer on the table) runs, the poster accepts it in the browser, and every page shows the
 * draft agreement.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, screenshotTaker } from './chromium';

export interface NegotiationScenarioOptions {
  baseUrl: string;
  screenshotDir: string;
  negotiationId: string;
  /** Access tokens of the three participants. */
  tokens: { poster: string; applicant: string; broker: string };
  /** Puts an offer of the applicant's side on the table (e.g. through the socket API). */
  proposeOffer: () => Promise<void>;
  chromiumPath?: string;
}

export interface NegotiationScenarioResult {
  /** Message bodies the applicant's page showed, in order. */
  applicantSaw: string[];
  /** Whether each page showed the draft agreement at the end. */
  agreementShown: { poster: boolean; applicant: boolean; broker: boolean };
  screenshots: string[];
}

const TIMEOUT_MS = 30_000;

async function openAs(browser: Browser, baseUrl: string, token: string, negotiationId: string) {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(`window.localStorage.setItem('jiebang.accessToken', ${JSON.stringify(token)});`);
  const page: Page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(`${baseUrl}/negotiations/${negotiationId}`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('negotiation-room').waitFor({ state: 'visible' });
  return page;
}

/** Runs the scenario; the browser is always closed. */
export async function runNegotiationScenario(opts: NegotiationScenarioOptions): Promise<NegotiationScenarioResult> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { files: screenshots, shoot } = screenshotTaker(opts.screenshotDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(opts.chromiumPath);
    const poster = await openAs(browser, baseUrl, opts.tokens.poster, opts.negotiationId);
    const applicant = await openAs(browser, baseUrl, opts.tokens.applicant, opts.negotiationId);
    const broker = await openAs(browser, baseUrl, opts.tokens.broker, opts.negotiationId);

    const text = '贵院方案已收悉,请就付款计划给出报价。';
    await poster.getByTestId('message-input').fill(text);
    await poster.getByTestId('message-send').click();
    await applicant.locator('[data-testid="message-item"][data-pending="false"]', { hasText: text }).first().waitFor();
    await shoot(applicant, 'negotiation-1-message.png');

    await opts.proposeOffer();
    await poster.locator('[data-testid="offer-current"][data-status="open"]').waitFor();
    await poster.getByTestId('offer-accept').click();
    await poster.getByTestId('confirm-ok').click();
    for (const page of [poster, applicant, broker]) await page.getByTestId('agreement-drafted').waitFor();
    await shoot(poster, 'negotiation-2-agreed.png');
    await shoot(broker, 'negotiation-3-broker.png');

    const presence = await poster.getByTestId('presence-list').innerText();
    if (/用户 [0-9a-f]{6}/.test(presence)) throw new Error(`presence shows ids instead of names: ${presence}`);
    const applicantSaw = await applicant
      .locator('[data-testid="message-item"]')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const shown = async (p: Page) => (await p.getByTestId('agreement-drafted').count()) > 0;
    return {
      applicantSaw,
      agreementShown: { poster: await shown(poster), applicant: await shown(applicant), broker: await shown(broker) },
      screenshots,
    };
  } finally {
    await browser?.close();
  }
}
