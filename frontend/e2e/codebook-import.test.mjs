// Codebook files as other tools write them, in a real browser: a lead
// imports a REFI-QDA project (.qdpx) written like ATLAS.ti's and reads, in
// plain words, what was changed to fit and what was left out (the
// recording, the code group); then downloads the .qdc with the archived
// entries when asked for, at desktop and phone sizes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const fixture = join(import.meta.dirname, 'fixtures', 'peer-study.qdpx');

test('a lead imports a project file and reads what was changed and left out; the .qdc holds archived entries on request', async () => {
  const { accessToken: token } = await api('POST', '/auth/login', null, { email: lead.email, password: lead.password });
  const project = await api('POST', '/projects', token, { name: 'Peer study', description: '', researcherType: 'peer' });
  const ctx = await newContext(tandem.browser, { acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);

  await page.goto(`${tandem.server.base}/projects/${project.id}/codebook/import`);
  await page.getByRole('heading', { name: 'Import a codebook file' }).waitFor();
  await page.getByLabel('Choose a codebook file').setInputFiles({ name: 'peer-study.qdpx', mimeType: 'application/zip', buffer: readFileSync(fixture) });
  await page.getByRole('heading', { name: 'What importing “peer-study.qdpx” would do' }).waitFor();
  await page.getByText('REFI-QDA project (.qdpx) · compared with the codebook at version 0').waitFor();

  // Changed to fit: every code that can no longer be applied to text, the
  // deep code named by its path, the made containers that repeat no name.
  await page.getByRole('heading', { name: /^Changed to fit/ }).waitFor();
  const notes = page.locator('.import-notes').first();
  for (const line of [
    '"Recovery" could be applied to text in the file; in Tandem it is a domain',
    '"Hope" could be applied to text in the file; in Tandem it is a category',
    'it became the theme "Small steps / Getting out of bed"',
    '"Imported" had no parent; it is a theme in the category "Imported (2): other themes".',
  ]) {
    await notes.getByText(line).waitFor();
  }
  // Left out: the sources and recording of the project, and the code group.
  await page.getByRole('heading', { name: 'Left out (3)' }).waitFor();
  const skipped = page.locator('.import-notes').nth(1);
  await skipped.getByText('sources/interview1.m4a, 3 MB: not needed for the codebook.').waitFor();
  await skipped.getByText('The code group "Good days" (2 codes) was left out').waitFor();
  await check(page, 'i01-import-qdpx-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'i02-import-qdpx-phone');
  await noSideways(page, 'i02-import-qdpx-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('The file is imported. The codebook is now version 1').waitFor();
  const cb = await api('GET', `/projects/${project.id}/codebook`, token);

  // The same file again: Tandem gave colours to the themes that had none;
  // a colour missing from the file is no change.
  await page.goto(`${tandem.server.base}/projects/${project.id}/codebook/import`);
  await page.getByLabel('Choose a codebook file').setInputFiles({ name: 'peer-study.qdpx', mimeType: 'application/zip', buffer: readFileSync(fixture) });
  await page.getByRole('heading', { name: 'What importing “peer-study.qdpx” would do' }).waitFor();
  await page.getByText('The file holds nothing new for this codebook.').waitFor();
  assert.match(await page.locator('.import-counts').innerText(), /0 entries\s+with new wording/);
  const setbacks = cb.nodes.find((n) => n.name === 'Setbacks');
  await api('PATCH', `/projects/${project.id}/codebook/nodes/${setbacks.id}`, token, { version: cb.version, status: 'archived' });

  // The .qdc: the archived theme only when the box is ticked.
  await page.goto(`${tandem.server.base}/projects/${project.id}/codebook`);
  const download = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'REFI-QDA codebook (.qdc)' }).click()]);
    return readFileSync(await d.path(), 'utf8');
  };
  assert.ok(!(await download()).includes('name="Setbacks"'), 'archived entries stay out by default');
  await page.getByLabel(/Put archived entries in the .qdc file too/).check();
  await check(page, 'i03-codebook-export-archived-desktop');
  const xml = await download();
  assert.ok(xml.includes('name="Setbacks" isCodable="false"') && xml.includes('Archived in Tandem'), 'the archived theme, not codable, with a note');
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'i04-codebook-export-archived-phone');
  await ctx.close();
});
