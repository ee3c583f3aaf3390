import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless chromium for a browser test (the test run's global setup installs it when missing).
 * Fails, never skips, when chromium is absent, so a run without it goes red instead of passing without having
 * looked at the UI.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) throw new Error(`chromium not found at ${executablePath}`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
