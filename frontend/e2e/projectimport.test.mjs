// Importing a whole project from another tool in a real browser: the lead
// chooses the NVivo 12 sample (.qdpx) on the projects page, sees what it
// holds and what Tandem changed, then imports it and lands on the new
// project, which lists both texts; on a phone too.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const sample = join(import.meta.dirname, '../../internal/refiqda/testdata/nvivo12-windows-two-sources.qdpx');
const shotDir = process.env.TANDEM_SHOTS || '';

async function shot(page, name) {
  if (!shotDir) return;
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
}

test('a lead imports a project from another tool as a new project', async () => {
  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.getByRole('heading', { name: 'Import a project from another tool (.qdpx)' }).waitFor();
  await page.getByLabel('Choose a project file (.qdpx)').setInputFiles(sample);
  const heading = page.getByRole('heading', { name: 'What “nvivo12-windows-two-sources.qdpx” holds' });
  await heading.waitFor();
  assert.ok(await heading.evaluate((h) => h === document.activeElement), 'the preview takes the focus');
  await page.getByText('2 texts, 155 codes, 303 coded passages by 2 people.').waitFor();
  await page.getByText('Made with NVivo for Windows 12.6.').waitFor();
  await page.getByText(/What Tandem changed or left out \(\d+\)/).click();
  await page.getByText(/Positions were read as UTF-16 code units/).waitFor();
  await check(page, 'projectimport-preview');
  await shot(page, 'projectimport-preview-desktop');

  // Nothing was made by the preview.
  assert.equal(await page.getByRole('list', { name: 'Projects' }).count(), 0);

  await page.getByRole('button', { name: 'Import it as a new project' }).click();
  await page.getByRole('heading', { name: 'Untitled' }).waitFor();
  await page.getByText('videos_10_selected').first().waitFor();
  await check(page, 'projectimport-project');
  await shot(page, 'projectimport-project-desktop');
  await ctx.close();
});

test('the import preview reads on a phone', async () => {
  const ctx = await newContext(tandem.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.getByLabel('Choose a project file (.qdpx)').setInputFiles(sample);
  await page.getByText('2 texts, 155 codes, 303 coded passages by 2 people.').waitFor();
  await noSideways(page, 'import preview on a phone');
  await check(page, 'projectimport-phone');
  await shot(page, 'projectimport-preview-phone');
  // A file that is not a project says so, in plain words.
  await page.getByLabel('Choose a project file (.qdpx)').setInputFiles({ name: 'notes.qde', mimeType: 'text/xml', buffer: Buffer.from('<html><body>hi</body></html>') });
  await page.getByText(/not a REFI-QDA project/).waitFor();
  await ctx.close();
});
