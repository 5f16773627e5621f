/**
 * What every browser scenario shares: Debian's Chromium launched headless with the flags this machine needs
 * (no sandbox as root; no background networking, whose connections the closed network refuses), and a
 * screenshot taker that records the files it writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium (`/usr/bin/chromium` unless `executablePath` is given). */
export function launchChromium(executablePath?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Screenshots into `dir` (created if missing); `files` lists what was written, in order. */
export function screenshotTaker(dir: string): {
  files: string[];
  shoot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
} {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  return {
    files,
    shoot: async (page, name, fullPage = true) => {
      const file = path.resolve(dir, name);
      await page.screenshot({ path: file, fullPage });
      files.push(file);
    },
  };
}
