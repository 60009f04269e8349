// Headless Debian Chromium through playwright-core, with axe-core on every page.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;
export const shots = join(import.meta.dirname, 'screenshots');
mkdirSync(shots, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** newContext opens a fresh browser profile with axe-core preloaded on every page
 * (as an init script, so the app's Content-Security-Policy stays on). */
export async function newContext(browser, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  await ctx.addInitScript({ content: axeSource });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  return ctx;
}

/** check runs axe-core on the page and fails on serious or critical
 * violations; then it saves a full-page screenshot under name. */
export async function check(page, name) {
  await page.waitForLoadState('load');
  await page.locator('.loading').waitFor({ state: 'detached' });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    throw new Error(`axe-core on ${name} (${page.url()}):\n${JSON.stringify(bad, null, 2)}`);
  }
  return result;
}
