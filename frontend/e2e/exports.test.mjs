// The Exports page in a real browser: a lead whose peer and academic coders
// coded an interview opens Exports from the project page, downloads the
// coded excerpts as a workbook (every row checked) and, choosing by keyboard
// whose coding and a theme, as a CSV file; finds the decisions and findings
// workbooks (the decisions one, before any decision, holds a note) and the
// whole project as a REFI-QDA file (a zip with project.qde and the text);
// on a phone too. A coder finds only the codebook there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { csvRows } from './libreoffice.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem, uploadOf } from './tandem.mjs';

const peer = { email: 'pat@example.org', password: 'hope and connection', name: 'Pat Peer' };
const academic = { email: 'alex@example.org', password: 'methods and rigour', name: 'Alex Academic' };

const tandem = startTandem();
const api = apiOf(tandem);

/** zipEntry reads one file of a zip archive (a workbook) through its central directory. */
function zipEntry(zip, name) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'a zip archive');
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const [method, size, nameLen, extraLen, commentLen, local] = [
      zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32),
      zip.readUInt32LE(at + 42),
    ];
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} is not in the workbook`);
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** sheetRows reads the rows of the first sheet of a workbook Tandem wrote
 * (inline strings and numbers), as text, empty cells as "". */
function sheetRows(book) {
  const xml = zipEntry(book, 'xl/worksheets/sheet1.xml');
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map(([, row]) => {
    const cells = [];
    for (const [, ref, body] of row.matchAll(/<c [^>]*?r="([A-Z]+)\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/gs)) {
      const col = [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      while (cells.length < col) cells.push('');
      const text = body?.match(/<t[^>]*>(.*?)<\/t>/s)?.[1] ?? body?.match(/<v>(.*?)<\/v>/s)?.[1] ?? '';
      cells.push(unescape(text));
    }
    return cells;
  });
}

test('a lead downloads the coded excerpts from the Exports page', async () => {
  const login = loginOf(api);
  const join = joinOf(api);
  const leadToken = await login(lead);
  const project = await api('POST', '/projects', leadToken, { name: 'RLC study', researcherType: 'academic' });
  const pid = project.id;
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: 0, template: 'rlc' });
  const theme = (name) => cb.nodes.find((n) => n.name === name).id;
  const p = await join(pid, leadToken, peer, 'peer');
  const a = await join(pid, leadToken, academic, 'academic');
  const entry = await uploadOf(api)(pid, leadToken, 'interview-3.txt',
    'Interviewer: How did the centre feel?\nParticipant: It felt relaxed, though. Nobody judged me.\nInterviewer: And now?\nParticipant: =I co-lead a group now.\n');
  await api('PATCH', `/projects/${pid}/transcripts/${entry.id}`, leadToken, { version: entry.version, participant: 'P03', assignedCoders: [p.id, a.id] });
  const text = (await api('GET', `/projects/${pid}/transcripts/${entry.id}`, leadToken)).text;
  const code = async (who, items) => {
    let version = 0;
    for (const [phrase, themes, memo] of items) {
      const start = [...text.slice(0, text.indexOf(phrase))].length;
      const r = await api('POST', `/projects/${pid}/transcripts/${entry.id}/codings/me/excerpts`, who.token, {
        version, start, end: start + [...phrase].length, themes: themes.map(theme), memo });
      version = r.version;
    }
    await api('POST', `/projects/${pid}/transcripts/${entry.id}/codings/me/submit`, who.token, { version });
  };
  await code(p, [['Nobody judged me.', ['Judgment-free'], '@peer note']]);
  await code(a, [['It felt relaxed, though. Nobody judged me.', ['Relaxed/open', 'Judgment-free'], ''], ['=I co-lead a group now.', ['Leadership'], '']]);

  const ctx = await newContext(tandem.browser, { acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Exports' }).click();
  await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
  for (const h of ['Codebook', 'Agreement between coders', 'Coded excerpts', 'Whole project']) await page.getByRole('heading', { name: h, level: 2 }).waitFor();
  await page.getByText('Themes: all').waitFor();
  // The files of reconciliation, under their own heading.
  const fromReconciliation = page.getByRole('region', { name: 'From reconciliation' });
  for (const h of ['Decisions', 'Findings']) await fromReconciliation.getByRole('heading', { name: h, level: 3 }).waitFor();
  await check(page, 'x01-exports');
  const [decisionsBook] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('region', { name: 'Decisions' }).getByRole('button', { name: 'Excel workbook (.xlsx)' }).click()]);
  assert.equal(decisionsBook.suggestedFilename(), 'RLC study decisions.xlsx');
  // Before any decision: a valid workbook whose sheet says so (its text is in the shared strings).
  assert.match(zipEntry(readFileSync(await decisionsBook.path()), 'xl/sharedStrings.xml'), /No decisions match these choices \(every decision\)/);

  // The whole project: a zip with project.qde, whose selections cut the
  // coders' excerpts out of the transcript's text in sources/.
  const [qdpx] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('region', { name: 'Whole project' }).getByRole('button', { name: 'Whole project (.qdpx)' }).click()]);
  assert.equal(qdpx.suggestedFilename(), 'RLC study project.qdpx');
  const archive = readFileSync(await qdpx.path());
  const qde = zipEntry(archive, 'project.qde');
  assert.match(qde, /<Project xmlns="urn:QDA-XML:project:1.0" name="RLC study"/);
  const users = Object.fromEntries([...qde.matchAll(/<User guid="([^"]+)" name="([^"]+)"/g)].map(([, g, n]) => [g, n]));
  assert.deepEqual(Object.values(users), ['Robin Lead', 'Pat Peer', 'Alex Academic', 'Consensus']);
  const source = zipEntry(archive, `sources/${qde.match(/plainTextPath="internal:\/\/([^"]+)"/)[1]}`);
  assert.equal(source, text);
  const cut = [...qde.matchAll(/<PlainTextSelection guid="[^"]+" startPosition="(\d+)" endPosition="(\d+)" creatingUser="([^"]+)"/g)]
    .map(([, start, end, user]) => `${users[user]}: ${[...source].slice(Number(start), Number(end)).join('')}`).sort();
  assert.deepEqual(cut, ['Alex Academic: =I co-lead a group now.', 'Alex Academic: It felt relaxed, though. Nobody judged me.', 'Pat Peer: Nobody judged me.']);
  assert.match(qde, /<PlainTextContent>@peer note<\/PlainTextContent>/);

  // The workbook of everything: one row per excerpt and theme, in the order of the text.
  const excerpts = page.getByRole('region', { name: 'Coded excerpts' });
  const [xlsx] = await Promise.all([page.waitForEvent('download'), excerpts.getByRole('button', { name: 'Excel workbook (.xlsx)' }).click()]);
  assert.equal(xlsx.suggestedFilename(), 'RLC study excerpts.xlsx');
  const rows = sheetRows(readFileSync(await xlsx.path()));
  assert.deepEqual(rows[0].slice(0, 16), ['Transcript', 'Participant', 'Speaker', 'Turn', 'Last turn', 'Start', 'End', 'Text', 'Memo', 'Coder',
    'Researcher type', 'Set', 'Status', 'Domain', 'Category', 'Theme']);
  const seen = rows.slice(1).map((r) => [r[2], r[3], r[7], r[8], r[9], r[10], r[11], r[15]].join(' | '));
  assert.deepEqual(seen, [
    'Participant | 2 | It felt relaxed, though. Nobody judged me. |  | Alex Academic | academic | Coder | Judgment-free',
    'Participant | 2 | It felt relaxed, though. Nobody judged me. |  | Alex Academic | academic | Coder | Relaxed/open',
    'Participant | 2 | Nobody judged me. | @peer note | Pat Peer | peer | Coder | Judgment-free',
    'Participant | 4 | =I co-lead a group now. |  | Alex Academic | academic | Coder | Leadership',
  ]);
  assert.ok(rows.slice(1).every((r) => r[0] === 'interview-3' && r[1] === 'P03'), JSON.stringify(rows));
  await page.getByRole('status').filter({ hasText: 'Downloaded “RLC study excerpts.xlsx”' }).waitFor();

  // By keyboard: every coder, the theme Judgment-free, as CSV.
  await excerpts.getByRole('radio', { name: /Every coder/ }).focus();
  await page.keyboard.press('Space');
  await excerpts.getByText('Themes: all').focus();
  await page.keyboard.press('Enter');
  await excerpts.getByRole('checkbox', { name: 'Judgment-free' }).focus();
  await page.keyboard.press('Space');
  await excerpts.getByText('Themes: Judgment-free').waitFor();
  await excerpts.getByText('You will get every coder’s coding, 1 chosen entry of the codebook, all interviews.').waitFor();
  await check(page, 'x02-exports-chosen');
  await excerpts.getByRole('button', { name: 'CSV file (.csv)' }).focus();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(csv.suggestedFilename(), 'RLC study excerpts.csv');
  const data = readFileSync(await csv.path(), 'utf8');
  assert.ok(data.startsWith('\ufeffTranscript,'), 'UTF-8 with a byte order mark');
  const lines = csvRows(data.slice(1)).slice(1).map((r) => [r[7], r[8], r[9], r[15]].join(' | '));
  assert.deepEqual(lines, [
    'It felt relaxed, though. Nobody judged me. |  | Alex Academic | Judgment-free',
    "Nobody judged me. | '@peer note | Pat Peer | Judgment-free",
  ]);

  // A category brings its themes: the themes under it are ticked and held.
  await excerpts.getByRole('checkbox', { name: 'Atmosphere' }).check();
  assert.equal(await excerpts.getByRole('checkbox', { name: /Flexible/ }).isDisabled(), true);
  await excerpts.getByText('Themes: Atmosphere').waitFor();

  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'x03-exports-phone');
  await noSideways(page, 'x03-exports-phone');
  await ctx.close();

  // A coder finds the codebook only, and no link from the project page.
  const cctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const cpage = await cctx.newPage();
  await signIn(cpage, tandem, peer);
  await cpage.goto(`${tandem.server.base}/projects/${pid}`);
  await cpage.getByRole('link', { name: 'Codebook' }).waitFor();
  assert.equal(await cpage.getByRole('link', { name: 'Exports' }).count(), 0);
  await cpage.goto(`${tandem.server.base}/projects/${pid}/exports`);
  await cpage.getByRole('heading', { name: 'Codebook', level: 2 }).waitFor();
  assert.equal(await cpage.getByRole('heading', { name: 'Coded excerpts' }).count(), 0);
  assert.equal(await cpage.getByRole('heading', { name: 'Whole project' }).count(), 0);
  await check(cpage, 'x04-exports-coder');
  await cctx.close();
});
