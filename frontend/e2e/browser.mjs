// Headless Debian Chromium through playwright-core, with axe-core on every page.
import { copyFileSync, mkdirSync } from 'node:fs';
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

/** newContext opens a fresh browser profile with axe-core preloaded on every page.
 * axe.source goes in as an init script rather than page.addScriptTag({content}):
 * the server's Content-Security-Policy (script-src 'self') rightly refuses an
 * inline <script>, and the tests keep that policy on. */
export async function newContext(browser, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  await ctx.addInitScript({ content: axeSource });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  return ctx;
}

/** check runs axe-core on the page and fails on serious or critical
 * violations; then it saves a full-page screenshot under name (only the
 * window with fullPage false, for a page tens of thousands of pixels tall). */
export async function check(page, name, { fullPage = true } = {}) {
  await page.waitForLoadState('load');
  // Every part of the page has loaded (a page may load several parts at once).
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.filter((v) => !bad.includes(v))) {
    console.log(`# axe-core note on ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`);
  }
  if (bad.length > 0) {
    throw new Error(`axe-core on ${name} (${page.url()}):\n${JSON.stringify(bad, null, 2)}`);
  }
  return result;
}

/** noSideways fails when the page, or a table in it, scrolls sideways (text
 * must reflow at 200% zoom). */
export async function noSideways(page, name) {
  const { scroll, width, tables } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    tables: [...document.querySelectorAll('.table-scroll')].filter((t) => t.scrollWidth > t.clientWidth + 1).length,
  }));
  if (scroll > width) throw new Error(`${name}: the page is ${scroll}px wide in a ${width}px window`);
  if (tables > 0) throw new Error(`${name}: ${tables} table(s) scroll sideways in a ${width}px window`);
}

/** keep copies a screenshot that check took to TANDEM_SHOTS (when set), for a report. */
export function keep(name) {
  const dir = process.env.TANDEM_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(shots, `${name}.png`), join(dir, `${name}.png`));
}
