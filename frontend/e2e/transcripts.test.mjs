// Transcripts in a real browser: upload a .docx and a .vtt (and a bad file),
// fix speaker names, remove names, read with the content note first, delete.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { check, launch, newContext } from './browser.mjs';
import { startServer } from './server.mjs';

const lead = { email: 'lead@example.org', password: 'recovery learning community' };
const fixtures = join(import.meta.dirname, 'fixtures');

let server;
let browser;
before(async () => {
  server = await startServer({ TANDEM_ADMIN_EMAIL: lead.email, TANDEM_ADMIN_PASSWORD: lead.password, TANDEM_ADMIN_NAME: 'Robin Lead' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a lead uploads interviews, fixes speakers, removes names and reads them', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password').fill(lead.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Start a new project' }).click();
  await page.getByLabel('Project name').fill('Peer support study');
  await page.getByLabel('Academic researcher').check();
  await page.getByRole('button', { name: 'Create the project' }).click();
  // The list cannot be read (the store is down): the page says so instead of loading for ever.
  const list = /\/api\/v1\/projects\/[^/]+\/transcripts(\?.*)?$/;
  const down = { error: { code: 'store_unavailable', message: 'Tandem cannot reach its store just now. Try again in a minute.' } };
  await page.route(list, (r) =>
    r.request().method() === 'GET' ? r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(down) }) : r.continue(),
  );
  await page.getByRole('link', { name: 'Transcripts' }).click();
  await page.getByRole('alert').filter({ hasText: 'Tandem cannot reach its store just now.' }).waitFor();
  assert.equal(await page.locator('.loading').count(), 0, 'not loading for ever');
  await page.unroute(list);
  await page.reload();
  await page.getByRole('heading', { name: 'Upload interviews' }).waitFor();
  await check(page, 't01-transcripts-empty');

  // Upload two good files and one that is not a transcript.
  const fixture = (name, mimeType) => ({ name, mimeType, buffer: readFileSync(join(fixtures, name)) });
  await page.getByLabel('Choose transcript files').setInputFiles([
    fixture('interview.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    fixture('session.vtt', 'text/vtt'),
    { name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]) },
  ]);
  await page.getByText('Not uploaded: This file does not contain text.').waitFor();
  assert.equal(await page.locator('.uploads li.ok').count(), 2);
  await page.getByRole('row', { name: /interview/ }).waitFor();
  await page.getByRole('row', { name: /session/ }).waitFor();
  await check(page, 't02-uploaded');

  // Read the Word interview: speakers were found.
  await page.getByRole('link', { name: 'interview' }).click();
  await page.getByRole('heading', { name: 'interview' }).waitFor();
  await page.getByText('When did you start coming to the centre?').waitFor();
  assert.ok((await page.locator('.turn .speaker strong', { hasText: 'Participant' }).count()) >= 3);
  await check(page, 't03-reader');

  // Details: a pseudonym, a content note; the Participant speaker is renamed.
  await page.getByRole('link', { name: 'Edit details and speakers' }).click();
  await page.getByLabel('Participant pseudonym').fill('Alex');
  await page.getByLabel('Content note').fill('Talks about a stay in hospital.');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByText('The details are saved.').waitFor();
  await page.getByLabel('“Participant” (3 turns) becomes').fill('Alex');
  await page.getByLabel('Which speaker is the participant?').selectOption('Participant');
  await page.getByRole('button', { name: 'Save speakers' }).click();
  await page.getByText('The speakers are saved.').waitFor();
  await check(page, 't04-details');

  // The reader now shows the content note first.
  await page.getByRole('link', { name: 'Back to the transcript' }).click();
  await page.getByRole('heading', { name: 'Before you read' }).waitFor();
  await page.getByText('Talks about a stay in hospital.').waitFor();
  await check(page, 't05-content-note');
  await page.getByRole('button', { name: 'Show the transcript' }).click();
  await page.getByRole('button', { name: 'Larger text' }).click();
  assert.equal(await page.locator('.turn .speaker strong', { hasText: 'Alex' }).count(), 3);
  await page.locator('.turn .tag', { hasText: 'Participant' }).first().waitFor();

  // Remove names from the caption file: both speakers' names are suggested.
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'Peer support study' }).click();
  await page.getByRole('link', { name: 'Transcripts' }).click();
  await page.getByRole('link', { name: 'session' }).click();
  await page.getByRole('link', { name: 'Remove names and identifiers' }).click();
  await page.getByRole('heading', { name: /Suggestions/ }).waitFor();
  await page.getByText('Sam — a speaker’s name, 1 time').waitFor();
  await page.getByText('Jordan — a speaker’s name, 1 time').waitFor();
  await check(page, 't06-deidentify');
  await page.getByRole('button', { name: 'Replace 2 places' }).click();
  await page.getByRole('button', { name: 'Yes, replace' }).click();
  await page.getByText('2 places were replaced.').waitFor();

  // Fix the speaker names too, then read it.
  await page.getByRole('link', { name: 'Back to the transcript' }).click();
  await page.getByRole('link', { name: 'Edit details and speakers' }).click();
  await page.getByLabel('“Jordan” (1 turn) becomes').fill('Interviewer');
  await page.getByLabel('“Sam” (1 turn) becomes').fill('Participant');
  await page.getByRole('button', { name: 'Save speakers' }).click();
  await page.getByText('The speakers are saved.').waitFor();
  await page.getByRole('link', { name: 'Back to the transcript' }).click();
  await page.getByText('Hello [NAME], welcome.').waitFor();
  await page.getByText('Yes. [NAME], you know').waitFor();
  const body = await page.locator('.transcript').innerText();
  assert.ok(!body.includes('Sam') && !body.includes('Jordan'), body);
  await page.locator('.turn .time', { hasText: '0:04' }).waitFor();
  await check(page, 't07-reader-redacted');

  // Delete one, with a confirmation.
  await page.getByRole('button', { name: 'Delete transcript' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByRole('heading', { name: 'Transcripts (1)' }).waitFor();
  await check(page, 't08-after-delete');

  // The audit log says redaction happened, not which words.
  await page.getByRole('link', { name: 'Back to the project' }).click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByText('replaced 2 identifiers in the transcript "session"').waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes('Sam'));
  await ctx.close();
});
