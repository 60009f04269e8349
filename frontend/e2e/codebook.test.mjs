// The codebook in a real browser: a lead starts from the RLC template, edits a
// definition, reorders and moves themes (keyboard, "Move to", drag and drop),
// a peer coder proposes a theme and new wording, the lead accepts and
// declines, exports Excel and REFI-QDA, reads the history with a diff, meets
// a stale edit, and imports a .qdc into a second project after a preview.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const peer = { email: 'sam@example.org', password: 'hope and connection', name: 'Sam Peer' };
const fixtures = join(import.meta.dirname, 'fixtures');

const tandem = startTandem();
const api = apiOf(tandem);



/** themesIn lists the theme names under a category, in the tree's order. */
async function themesIn(page, category) {
  return page.evaluate((name) => {
    const item = [...document.querySelectorAll('.cb-tree li.cb-category')].find(
      (li) => li.querySelector(':scope > .cb-row .cb-node-name')?.textContent === name,
    );
    return [...(item?.querySelectorAll(':scope > ul > li .cb-node-name') ?? [])].map((e) => e.textContent);
  }, category);
}

const status = (page, text) => page.getByRole('status').filter({ hasText: text }).waitFor();

test('a lead builds and edits the codebook, a peer coder proposes, the lead decides, exports and imports', async () => {
  const ctx = await newContext(tandem.browser, { acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.getByRole('button', { name: 'Start a new project' }).click();
  await page.getByLabel('Project name').fill('RLC study');
  await page.getByLabel('Academic researcher').check();
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByRole('heading', { name: 'RLC study' }).waitFor();
  const pid = new URL(page.url()).pathname.split('/')[2];

  // An empty codebook offers templates, starting from scratch, and importing.
  await page.getByRole('link', { name: 'Codebook' }).click();
  await page.getByRole('heading', { name: 'Start the codebook' }).waitFor();
  await page.getByRole('button', { name: 'Start from scratch' }).waitFor();
  await page.getByRole('link', { name: 'Import a codebook file' }).first().waitFor();
  await check(page, 'c01-codebook-empty');

  // Start from the RLC template: 2 domains, 4 categories, 12 themes.
  await page.getByRole('button', { name: 'Use “RLC social integration”' }).click();
  await status(page, 'The codebook starts from “RLC social integration”');
  await page.getByText('12 themes in 4 categories and 2 domains').waitFor();
  assert.deepEqual(await themesIn(page, 'Atmosphere'), ['Judgment-free', 'Flexible', 'Relaxed/open']);
  await page.getByRole('button', { name: /Category: Atmosphere.*3 themes/ }).waitFor();
  await check(page, 'c02-codebook-template');

  // Edit a definition; a colour too dark is refused with a clear message first.
  await page.getByRole('button', { name: 'Theme: Flexible' }).click();
  await page.getByRole('heading', { name: 'Theme: Flexible' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Theme: Flexible', 'the panel heading takes the focus');
  const definition = 'Members choose when, how often and how much they take part, with no pressure to attend.';
  await page.getByLabel('Short definition').fill(definition);
  await page.getByLabel('Colour code').fill('#1F4E8C');
  await page.getByText('This colour is too dark').waitFor();
  await check(page, 'c03-editor-too-dark');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('Colour code').getAttribute('id'), 'the focus goes to the colour');
  await page.getByRole('button', { name: 'Use #F7B2C4' }).click();
  assert.equal(await page.getByLabel('Colour code').inputValue(), '#F7B2C4');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await status(page, 'Saved “Flexible”. The codebook is now version 2.');
  await check(page, 'c04-editor-saved');

  // Reorder by keyboard: Alt+↑ on the entry; the focus stays on it and the move is announced.
  await page.getByRole('button', { name: 'Theme: Flexible' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await status(page, 'Moved up “Flexible”: now 1 of 3 in Atmosphere. The codebook is now version 3.');
  assert.deepEqual(await themesIn(page, 'Atmosphere'), ['Flexible', 'Judgment-free', 'Relaxed/open']);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Theme: Flexible');
  await page.keyboard.press('Alt+ArrowUp');
  await status(page, '“Flexible” is already first (1 of 3 in Atmosphere).');

  // Move to another category with the panel's select, then back with drag and drop.
  await page.getByRole('button', { name: 'Theme: Flexible' }).click();
  await page.getByLabel('Move to another category').selectOption({ label: 'RLC Attributes › Opportunities' });
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await status(page, 'Moved “Flexible”: now 4 of 4 in Opportunities.');
  assert.deepEqual(await themesIn(page, 'Opportunities'), ['Leadership', 'Meeting peers', 'Trainings and workshops', 'Flexible']);
  await page.locator('.cb-row', { has: page.getByRole('button', { name: 'Theme: Flexible' }) }).dragTo(
    page.locator('.cb-row', { has: page.getByRole('button', { name: /Category: Atmosphere/ }) }),
  );
  await status(page, 'Moved “Flexible”: now 3 of 3 in Atmosphere.');
  assert.deepEqual(await themesIn(page, 'Atmosphere'), ['Judgment-free', 'Relaxed/open', 'Flexible']);
  // A theme cannot be dropped on a domain: nothing happens.
  const version = await page.locator('.cb-summary strong').textContent();
  await page.locator('.cb-row', { has: page.getByRole('button', { name: 'Theme: Flexible' }) }).dragTo(
    page.locator('.cb-row', { has: page.getByRole('button', { name: /Domain: Psychosocial Outcomes/ }) }),
  );
  assert.equal(await page.locator('.cb-summary strong').textContent(), version);

  // Add a category with a theme; archive and restore it.
  await page.getByRole('button', { name: /Domain: Psychosocial Outcomes/ }).click();
  await page.getByRole('button', { name: 'Add a category to Psychosocial Outcomes' }).click();
  await page.getByLabel('Name').fill('Community');
  await page.getByRole('button', { name: 'Add the category' }).click();
  await status(page, 'Added the category “Community”.');
  await page.getByRole('heading', { name: 'Category: Community' }).waitFor();
  await page.getByRole('button', { name: 'Add a theme to Community' }).click();
  await page.getByLabel('Name').fill('Intrapersonal');
  await page.getByLabel('In plain words').fill('Feeling part of a neighbourhood.');
  await page.getByRole('button', { name: 'Add the theme' }).click();
  await status(page, 'Added the theme “Intrapersonal”.');
  await page.getByRole('button', { name: 'Archive “Intrapersonal”' }).click();
  await page.getByRole('button', { name: 'Yes, archive it' }).click();
  await status(page, '“Intrapersonal” is archived.');
  await page.locator('.cb-row', { hasText: 'Intrapersonal' }).getByText('Archived').waitFor();
  await page.getByRole('button', { name: 'Restore “Intrapersonal”' }).click();
  await status(page, '“Intrapersonal” is in use again.');
  // Moving this category into another domain where the name is free works; its wording is refused when it clashes.
  await page.getByRole('button', { name: /Category: Community/ }).click();
  await page.getByLabel('Name').fill('Intrapersonal');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('There is already a category called "Intrapersonal" here.').waitFor();
  await check(page, 'c05-duplicate-name');
  await page.getByLabel('Name').fill('Community life');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await status(page, 'Saved “Community life”.');

  // A peer coder joins through an invitation (set up through the API).
  const { accessToken: leadToken } = await api('POST', '/auth/login', null, { email: lead.email, password: lead.password });
  const inv = await api('POST', `/projects/${pid}/invitations`, leadToken, { role: 'coder', expiresInHours: 24, note: 'Sam' });
  const token = inv.token ?? inv.url.split('/invite/')[1];
  await api('POST', `/invitations/${token}/accept`, null, { researcherType: 'peer', name: peer.name, email: peer.email, password: peer.password });

  const peerCtx = await newContext(tandem.browser);
  const sam = await peerCtx.newPage();
  await signIn(sam, tandem, peer);
  await sam.goto(`${tandem.server.base}/projects/${pid}/codebook`);
  await sam.getByRole('heading', { name: 'Choose an entry to read' }).waitFor();
  assert.equal(await sam.getByRole('button', { name: 'Add a domain' }).count(), 0, 'coders do not edit');
  await sam.getByRole('button', { name: 'Theme: Flexible' }).click();
  await sam.getByRole('heading', { name: 'Flexible' }).waitFor();
  await sam.getByText('You can come when you can and do as much as you want.').waitFor();
  await sam.getByText(definition).waitFor();
  await check(sam, 'c06-coder-card');

  // The coder proposes a theme, and new wording for another.
  await sam.getByRole('button', { name: 'Propose a theme' }).click();
  await sam.getByRole('heading', { name: 'Propose a theme' }).waitFor();
  await sam.getByRole('button', { name: 'Send the proposal' }).click();
  await sam.getByText('Choose the category the theme belongs to.').waitFor();
  await sam.getByLabel('Which category does it belong to?').selectOption({ label: 'RLC Attributes › Atmosphere' });
  await sam.getByLabel('Name').fill('Feeling safe');
  await sam.getByLabel('In plain words').fill('You feel safe to be yourself there.');
  await sam.getByLabel('When to use it').fill('The participant talks about feeling safe or protected at the community.');
  await sam.getByLabel('Why do you propose it?').fill('Three participants said they felt safe there for the first time.');
  await check(sam, 'c07-coder-propose');
  await sam.getByRole('button', { name: 'Send the proposal' }).click();
  await status(sam, 'Your proposal “Feeling safe” is sent.');
  await sam.locator('.cb-row', { hasText: 'Feeling safe' }).getByText('Proposed').waitFor();
  await sam.getByRole('button', { name: 'Theme: Leadership' }).click();
  await sam.getByRole('button', { name: 'Suggest new wording' }).click();
  await sam.getByLabel('In plain words').fill('Getting to run things, like a group, an event or a training.');
  await sam.getByLabel('Why this wording?').fill('Trainings count too.');
  await sam.getByRole('button', { name: 'Send the suggestion' }).click();
  await status(sam, 'Your suggestion for “Leadership” is sent.');
  await sam.getByRole('heading', { name: 'Proposals waiting for a decision (2)' }).waitFor();
  await check(sam, 'c08-coder-proposals');

  // The lead sees who proposed what, accepts the theme and declines the wording with a reason.
  await page.reload();
  await page.getByRole('heading', { name: 'Proposals waiting for a decision (2)' }).waitFor();
  const theme = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'New theme “Feeling safe” in Atmosphere' }) });
  await theme.getByText('Proposed by Sam Peer (peer researcher)').waitFor();
  await theme.getByText('Three participants said they felt safe there for the first time.').waitFor();
  const wording = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'New wording for “Leadership”' }) });
  await wording.locator('ins', { hasText: 'or a training' }).waitFor();
  await check(page, 'c09-lead-proposals');
  await theme.getByRole('button', { name: /^Accept New theme “Feeling safe”/ }).click();
  await status(page, 'Accepted: New theme “Feeling safe” in Atmosphere.');
  assert.deepEqual(await themesIn(page, 'Atmosphere'), ['Judgment-free', 'Relaxed/open', 'Flexible', 'Feeling safe']);
  await wording.getByRole('button', { name: /Decline…/ }).click();
  await wording.getByRole('button', { name: 'Decline the proposal' }).click();
  await wording.getByText('Say briefly why').waitFor();
  await wording.getByLabel('Why are you declining it?').fill('Trainings have their own theme.');
  await wording.getByRole('button', { name: 'Decline the proposal' }).click();
  await status(page, 'Declined: New wording for “Leadership”.');
  await page.getByRole('heading', { name: 'Proposals waiting for a decision (0)' }).waitFor();
  await page.getByText('Decided proposals (2)').click();
  await page.getByText('Why: Trainings have their own theme.').waitFor();
  await check(page, 'c10-proposals-decided');

  // Merge a theme into another, after a confirmation.
  await page.getByRole('button', { name: 'Theme: Feeling safe' }).click();
  await page.getByLabel('Merge “Feeling safe” into').selectOption({ label: 'RLC Attributes › Atmosphere › Judgment-free' });
  await page.getByRole('button', { name: 'Merge into “Judgment-free”' }).click();
  await page.getByText('“Feeling safe” is archived and cannot be restored.').waitFor();
  await check(page, 'c11-merge-confirm');
  await page.getByRole('button', { name: 'Yes, merge' }).click();
  await status(page, '“Feeling safe” is merged into “Judgment-free”.');
  await page.locator('.cb-row', { hasText: 'Feeling safe' }).getByText('Merged into Judgment-free').waitFor();

  // Exports: an Excel workbook and a REFI-QDA codebook, with content.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel workbook (.xlsx)' }).click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const book = readFileSync(await xlsx.path());
  assert.ok(book.length > 2000 && book.subarray(0, 2).toString() === 'PK', `a workbook (${book.length} bytes)`);
  await status(page, `Downloaded “${xlsx.suggestedFilename()}”`);
  const [qdc] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'REFI-QDA codebook (.qdc)' }).click()]);
  assert.match(qdc.suggestedFilename(), /\.qdc$/);
  const xml = readFileSync(await qdc.path(), 'utf8');
  assert.match(xml, /urn:QDA-XML:codebook:1\.0/);
  assert.ok(xml.includes('name="Flexible"') && xml.includes(definition), 'the edited definition is exported');

  // A stale edit: another tab changes the codebook; what this lead typed is kept.
  await page.getByRole('button', { name: 'Theme: Leadership' }).click();
  const other = await ctx.newPage();
  await other.goto(`${tandem.server.base}/projects/${pid}/codebook`);
  await other.getByRole('button', { name: 'Theme: Leadership' }).click();
  await other.getByLabel('Short definition').fill('Chances to lead, run or organise something in the community.');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await status(other, 'Saved “Leadership”.');
  await other.close();
  const example = '“I run the Tuesday writing group now.”';
  await page.getByLabel('Example').fill(example);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'Someone else changed the codebook' }).waitFor();
  assert.equal(await page.getByLabel('Example').inputValue(), example, 'the typed example is kept');
  assert.equal(await page.getByLabel('Short definition').inputValue(), 'Chances to lead, run or organise something in the community.');
  await check(page, 'c12-version-conflict');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await status(page, 'Saved “Leadership”.');

  // History: every version, and a diff per field.
  await page.getByRole('link', { name: 'History of changes' }).click();
  await page.getByRole('heading', { name: 'History of the codebook of RLC study' }).waitFor();
  await page.getByRole('row', { name: /Version 1 .*Started from the template "RLC social integration"/ }).waitFor();
  await check(page, 'c13-history');
  await page.getByRole('link', { name: 'Version 2', exact: true }).click();
  await page.getByRole('heading', { name: 'Codebook version 2' }).waitFor();
  const flexible = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Changed Theme “Flexible”' }) });
  await flexible.locator('del', { hasText: 'their own pace' }).waitFor();
  await flexible.locator('ins', { hasText: 'no pressure to attend' }).waitFor();
  assert.equal(await flexible.locator('del .visually-hidden').first().textContent(), '[removed: ');
  await flexible.getByText('#F7B2C4').waitFor();
  await page.getByRole('list', { name: 'Codebook at version 2' }).getByText('Trainings and workshops', { exact: true }).waitFor();
  await check(page, 'c14-version-diff');

  // A second, empty project: a file with refused parts cannot be imported; a good one is previewed and imported.
  const second = await api('POST', '/projects', leadToken, { name: 'CHIME study', description: '', researcherType: 'academic' });
  await page.goto(`${tandem.server.base}/projects/${second.id}/codebook`);
  await page.getByRole('heading', { name: 'Start the codebook' }).waitFor();
  await page.getByRole('link', { name: 'Import a codebook file' }).first().click();
  await page.getByRole('heading', { name: 'Import a codebook file' }).waitFor();
  const fixture = (name) => ({ name, mimeType: 'application/xml', buffer: readFileSync(join(fixtures, name)) });
  await page.getByLabel('Choose a codebook file').setInputFiles(fixture('refused-codebook.qdc'));
  await page.getByRole('heading', { name: 'Nothing will be imported until the file is fixed' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled());
  await check(page, 'c15-import-refused');
  await page.getByLabel('Choose a codebook file').setInputFiles({ name: 'photo.qdc', mimeType: 'application/xml', buffer: Buffer.from([0, 1, 2, 3]) });
  await page.getByRole('alert').filter({ hasText: '“photo.qdc” cannot be imported.' }).waitFor();
  await page.getByLabel('Choose a codebook file').setInputFiles(fixture('small-codebook.qdc'));
  await page.getByRole('heading', { name: 'What importing “small-codebook.qdc” would do' }).waitFor();
  await page.getByText('new entries').first().waitFor();
  await page.getByRole('heading', { name: /^Changed to fit/ }).waitFor();
  await page.locator('.import-list li', { hasText: 'Being understood' }).getByText('in Connectedness › Peer support').waitFor();
  await check(page, 'c16-import-preview');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('The file is imported. The codebook is now version 1').waitFor();
  await page.getByRole('link', { name: 'Go to the codebook' }).click();
  await page.getByRole('button', { name: 'Theme: Being understood' }).waitFor();
  await page.getByRole('button', { name: 'Theme: Hope' }).waitFor();
  await check(page, 'c17-imported');

  // 200% zoom and a tablet: the codebook reflows.
  await page.setViewportSize({ width: 550, height: 900 });
  await page.goto(`${tandem.server.base}/projects/${pid}/codebook`);
  await page.getByRole('button', { name: 'Theme: Flexible' }).click();
  await page.getByRole('heading', { name: 'Theme: Flexible' }).waitFor();
  await check(page, 'c18-zoom-codebook');
  await noSideways(page, 'c18-zoom-codebook');
  await page.goto(`${tandem.server.base}/projects/${pid}/codebook/history/2`);
  await page.getByRole('heading', { name: 'Codebook version 2' }).waitFor();
  await check(page, 'c19-zoom-version');
  await noSideways(page, 'c19-zoom-version');
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${tandem.server.base}/projects/${pid}/codebook`);
  await page.getByRole('heading', { name: 'Choose an entry to edit' }).waitFor();
  await check(page, 'c20-tablet-codebook');
  await noSideways(page, 'c20-tablet-codebook');

  await peerCtx.close();
  await ctx.close();
});
