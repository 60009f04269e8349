// Speakers found in the layouts word processors, transcription services and
// meeting tools write: a lead uploads one file of each through the
// transcripts page and reads them. The files are the Go parser's fixtures
// (internal/transcript/fixtures_test.go writes them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { lead, signIn, startTandem } from './tandem.mjs';

const t = startTandem();
const testdata = join(import.meta.dirname, '..', '..', 'internal', 'transcript', 'testdata');
const files = {
  'tracked.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'teams.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'names.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'table.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'interview.odt': 'application/vnd.oasis.opendocument.text',
  'otter.txt': 'text/plain',
};

/** turns reads the reader's turns as "speaker time|text" lines. */
async function turns(page) {
  return page.locator('.transcript .turn').evaluateAll((els) =>
    els.map((el) => {
      const who = el.querySelector('.speaker strong')?.textContent ?? '';
      const time = el.querySelector('.speaker .time')?.textContent ?? '';
      const words = [...el.children].filter((c) => !c.classList.contains('speaker')).map((c) => c.textContent).join(' ');
      return `${[who, time].filter(Boolean).join(' ')}|${words}`;
    }),
  );
}

test('a lead uploads a file of each layout and reads who said what', async () => {
  const ctx = await newContext(t.browser);
  const page = await ctx.newPage();
  await signIn(page, t, lead);
  await page.getByRole('button', { name: 'Start a new project' }).click();
  await page.getByLabel('Project name').fill('Layouts');
  await page.getByLabel('Academic researcher').check();
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByRole('link', { name: 'Transcripts' }).click();
  await page.getByRole('heading', { name: 'Upload interviews' }).waitFor();
  assert.match(await page.getByLabel('Choose transcript files').getAttribute('accept'), /\.odt/);
  await page.getByText('LibreOffice files (.odt)').waitFor();

  await page.getByLabel('Choose transcript files').setInputFiles(
    Object.entries(files).map(([name, mimeType]) => ({ name, mimeType, buffer: readFileSync(join(testdata, name)) })),
  );
  await page.getByRole('heading', { name: 'Transcripts (6)' }).waitFor();
  assert.equal(await page.locator('.uploads li.ok').count(), 6);
  await check(page, 's01-uploaded');

  const list = page.url();
  const open = async (title) => {
    await page.goto(list);
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.locator('.transcript .turn').first().waitFor();
  };

  // Tracked changes: the moved sentence once, where it went; deleted words gone.
  await open('tracked');
  const tracked = await page.locator('.transcript').innerText();
  assert.equal(tracked.split('Later I found the writing group.').length - 1, 1, tracked);
  assert.ok(!tracked.includes('never went back') && !tracked.includes('Speaker 2'), tracked);
  assert.deepEqual((await turns(page)).slice(2, 3), ['Participant|I moved into my own flat. It took a year.']);

  // A meeting tool's layout: the name and the time above the words.
  await open('teams');
  assert.deepEqual((await turns(page)).slice(2), [
    'Lopez, Maria 0:03|Thanks for joining. How has the week been?',
    'Chen, Sam 0:09|Better than last week. I went to the drop-in twice.',
    'Lopez, Maria 1:02|What made the difference?',
    'Chen, Sam 1:15|People remembered my name.',
  ]);
  await check(page, 's02-teams');

  // Names in capitals on their own lines; headings stay headings, "OK" stays words.
  await open('names');
  const names = await turns(page);
  assert.deepEqual(names.slice(0, 3), ['|Interview 4 (fictional, written for Tandem)', '|Recorded at the drop-in centre.', '|Transcript']);
  assert.equal(names.filter((x) => x.startsWith('MARIA|')).length, 2);
  assert.ok(names.includes('DANIEL|Sorry I’m late!') || names.includes("DANIEL|Sorry I'm late!"), names.join('\n'));
  await check(page, 's03-names');

  // A table of time, speaker and text after a cover sheet.
  await open('table');
  const table = await turns(page);
  assert.ok(table.includes('P09 0:09|My nurse told me. I went the next week.'), table.join('\n'));
  assert.ok(table.includes('Interviewer 0:25|Take your time.'), table.join('\n'));
  assert.equal(table.filter((x) => x.startsWith('|')).length, 6); // title, 4 cover rows, the closing line
  await check(page, 's04-table');

  // OpenDocument text.
  await open('interview');
  const odt = await turns(page);
  assert.deepEqual(odt.map((x) => x.split('|')[0]), ['', '', 'Interviewer', 'Participant', 'Interviewer', 'Participant', 'Interviewer', 'Participant', 'Interviewer']);
  assert.ok(!(await page.locator('.transcript').innerText()).includes('hated it'));
  await check(page, 's05-odt');

  // An automatic transcription's text export.
  await open('otter');
  assert.deepEqual(await turns(page), [
    'Speaker 1 0:03|Thanks for coming in today. Shall we start?',
    'Speaker 2 0:07|Yes. I have been coming to the centre for two years.',
    'Speaker 1 0:15|What keeps you coming back?',
    'Speaker 2 1:02:05|The people, mostly.',
  ]);

  // On a phone the reader of the table's turns reflows.
  await page.setViewportSize({ width: 390, height: 844 });
  await open('table');
  await noSideways(page, 'table on a phone');
  await check(page, 's06-table-phone');
  await ctx.close();
});
