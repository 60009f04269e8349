// The findings page in a real browser: a lead, a coder and a viewer of the
// sample project (two demo coders who coded and submitted three interviews,
// no consensus yet) open it; the lead downloads the findings workbook. The
// page says plainly what is counted and why there is nothing yet, on a
// desktop and on a phone, and is axe-clean for everyone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const login = loginOf(api);
const join = joinOf(api);

test('everyone opens the findings of a project with no consensus yet', async () => {
  const leadToken = await login(lead);
  const project = await api('POST', '/projects/sample', leadToken);
  const pid = project.id;
  const coder = { email: 'coder@example.org', password: 'a peer researcher codes', name: 'Casey Coder' };
  const viewer = { email: 'viewer@example.org', password: 'an advisor reads along', name: 'Vic Viewer' };
  await join(pid, leadToken, coder, 'peer');
  await join(pid, leadToken, viewer, 'other', 'viewer');
  const findings = await api('GET', `/projects/${pid}/findings`, leadToken);
  assert.equal(findings.transcripts, 0, 'the sample has no consensus yet');

  // The lead goes from the project page to the findings.
  const ctx = await newContext(tandem.browser, { acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
  await page.getByText('No interview has a consensus yet').waitFor();
  const table = page.getByRole('table', { name: /Themes in the consensus of 0 participants/ });
  await table.waitFor();
  // Every domain, category and theme of the codebook has its row, in order.
  const names = await table.locator('tbody th').allInnerTexts();
  assert.deepEqual(
    names.map((n) => n.replace(/^(domain|category|theme):\s*/, '').trim()),
    findings.rows.map((r) => r.name),
  );
  assert.match(await table.locator('tbody tr').first().innerText(), /0 of 0 participants/);
  await page.getByRole('heading', { name: 'Each coder against the agreed coding' }).waitFor();
  await page.getByText('Nothing to compare yet').waitFor();
  await check(page, 'findings-lead-empty');

  // The workbook downloads through the page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the findings workbook' }).click()]);
  assert.match(download.suggestedFilename(), /findings\.xlsx$/);
  const file = readFileSync(await download.path());
  assert.equal(file.subarray(0, 2).toString(), 'PK', 'the workbook is an xlsx (zip) file');
  await page.getByText(/Downloaded “.*findings\.xlsx”/).waitFor();
  const audit = await api('GET', `/projects/${pid}/audit`, leadToken);
  assert.ok(JSON.stringify(audit).includes('export.findings'), 'the download is in the audit log');

  // A coder on a phone: nothing scrolls sideways.
  const phone = await newContext(tandem.browser, { viewport: { width: 390, height: 844 } });
  const p2 = await phone.newPage();
  await signIn(p2, tandem, coder);
  await p2.goto(`${tandem.server.base}/projects/${pid}/findings`);
  await p2.getByText('No interview is locked yet').waitFor();
  await p2.getByRole('heading', { name: 'You against the agreed coding' }).waitFor();
  await p2.getByText('Nothing here yet. Your figures appear once a lead locks an interview you coded and submitted.').waitFor();
  assert.equal(await p2.getByRole('button', { name: 'Download the findings workbook' }).count(), 0, 'only leads download the workbook');
  assert.equal(await p2.getByRole('button', { name: /Pick quotes/ }).count(), 0, 'only leads pick quotes');
  await check(p2, 'findings-coder-phone');
  await noSideways(p2, 'findings-coder-phone');
  await phone.close();

  // A viewer reads the findings, and sees nobody's figures.
  const v = await newContext(tandem.browser);
  const p3 = await v.newPage();
  await signIn(p3, tandem, viewer);
  await p3.goto(`${tandem.server.base}/projects/${pid}/findings`);
  await p3.getByText('No interview is locked yet').waitFor();
  await check(p3, 'findings-viewer');
  assert.equal(await p3.getByRole('heading', { name: /against the agreed coding/ }).count(), 0, 'a viewer sees no one’s figures');
  await v.close();

  // At 200% zoom (a window half as wide) the page and its tables reflow.
  await page.setViewportSize({ width: 550, height: 900 });
  await page.reload();
  await page.getByText('Nothing to compare yet').waitFor();
  await check(page, 'findings-zoom');
  await noSideways(page, 'findings-zoom');
  await ctx.close();
});
