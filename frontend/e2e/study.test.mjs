// A whole study in a real browser, from blind coding to the paper's tables:
// a peer researcher and an academic code one interview blind and submit; the
// lead reveals it, reconciles every disagreement with a rationale, picks
// exemplar quotes for the findings, locks it, and downloads the excerpts,
// decisions and findings workbooks, which LibreOffice Calc opens with the
// rows the study reports.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { sheetsIn } from './libreoffice.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem, uploadOf } from './tandem.mjs';

const peer = { email: 'pat@example.org', password: 'hope and connection', name: 'Pat Peer' };
const academic = { email: 'alex@example.org', password: 'methods and rigour', name: 'Alex Academic' };

const tandem = startTandem();
const api = apiOf(tandem);

// Six turns; the participant's are turns 2, 4 and 6.
const interview = [
  'Interviewer: How did the centre feel when you first came?',
  'Participant: It felt relaxed. Nobody judged me for being unwell.',
  'Interviewer: What changed for you?',
  'Participant: I learned to cope with the bad days. Now I co-lead the Tuesday art group.',
  'Interviewer: Anything else?',
  'Participant: The staff treated me as an equal, not as a diagnosis.',
].join('\n');

/** codeTurn codes the whole turn n (1-based) with the theme found by typing
 * words in the theme picker, by keyboard alone. */
async function codeTurn(page, n, words) {
  const text = page.locator('.code-text');
  await text.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('t');
  await page.keyboard.type(words);
  await page.keyboard.press('Enter');
  await page.locator('.save-state', { hasText: 'All changes saved' }).waitFor();
  await page.keyboard.press('Escape');
}

/** codeAndSubmit signs who in, codes the turns blind and submits. */
async function codeAndSubmit(who, url, turns) {
  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, who);
  await page.goto(url);
  await page.locator('.code-text .turn').first().waitFor();
  assert.equal(await page.getByLabel(/Show the other coders/).count(), 0, 'coding is blind');
  for (const [n, words] of turns) await codeTurn(page, n, words);
  await page.getByRole('button', { name: 'Submit my coding…' }).click();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await page.getByText('Thank you! Your coding of this transcript is submitted.').waitFor();
  await ctx.close();
}

test('a study from blind coding to the workbooks of the paper', async () => {
  const login = loginOf(api);
  const leadToken = await login(lead);
  const project = await api('POST', '/projects', leadToken, { name: 'RLC study', researcherType: 'academic' });
  const pid = project.id;
  await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: 0, template: 'rlc' });
  const p = await joinOf(api)(pid, leadToken, peer, 'peer');
  const a = await joinOf(api)(pid, leadToken, academic, 'academic');
  const entry = await uploadOf(api)(pid, leadToken, 'interview-1.txt', interview);
  await api('PATCH', `/projects/${pid}/transcripts/${entry.id}`, leadToken, { version: entry.version, participant: 'P01', assignedCoders: [p.id, a.id] });
  const tid = entry.id;
  const codeUrl = `${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`;

  // --- Blind coding: each coder on their own, then submit. ---
  await codeAndSubmit(peer, codeUrl, [
    [2, 'judgment'],
    [4, 'coping'],
    [6, 'judgment'],
    [6, 'flexible'],
  ]);
  await codeAndSubmit(academic, codeUrl, [
    [2, 'judgment'],
    [2, 'relaxed'],
    [4, 'leadership'],
  ]);

  // --- The lead reveals and starts reconciling on the project page. ---
  const ctx = await newContext(tandem.browser, { acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('button', { name: 'Reveal all submitted' }).click();
  await page.getByText('Revealed 1 transcript:').waitFor();
  await page.getByRole('button', { name: 'Start reconciling “interview-1”' }).click();
  await page.getByText('You are reconciling “interview-1”.').waitFor();
  const queue = await api('GET', `/projects/${pid}/transcripts/${tid}/queue`, leadToken);
  assert.equal(queue.disagreements, 5, JSON.stringify(queue));

  // --- Reconciling every disagreement by keyboard, with rationales. ---
  await page.getByRole('link', { name: 'Reconcile “interview-1”' }).click();
  await page.getByRole('button', { name: 'Accept', exact: true }).waitFor();
  const said = page.locator('p.visually-hidden[role="status"]');
  const chosen = page.locator('.rc-entry[aria-current="true"]');
  await chosen.focus(); // the first open item is chosen: the keys work from it
  const why = async (words) => {
    await page.keyboard.press('n');
    await page.keyboard.type(words);
    await page.keyboard.press('Escape');
  };
  for (let n = 1; n <= 5; n++) {
    // The next open item is chosen and has the focus.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-current') === 'true' && /Open/.test(document.activeElement.innerText));
    const name = await chosen.locator('.rc-entry-theme strong').innerText();
    if (name === 'Relaxed/open') {
      await why('Both the calm and the acceptance are there.');
      await page.keyboard.press('a');
    } else if (name === 'Improved coping skills') {
      await why('Coping with the bad days is what the theme means.');
      await page.keyboard.press('a');
    } else if (name === 'Leadership') {
      await page.keyboard.press('t');
      await page.waitForFunction(() => document.activeElement?.tagName === 'SELECT');
      await page.keyboard.type('Holding');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.type('Co-leading a group is a position of responsibility.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    } else if (name === 'Judgment-free') {
      await page.keyboard.press('b');
      await page.getByText(/New bounds \(\d+ words\):/).waitFor();
      await why('The acceptance is in being treated as an equal.');
      await page.getByRole('button', { name: 'End a word earlier' }).focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
      await page.getByText(/New bounds \(7 words\): “The staff treated me as an equal,?”/).waitFor();
      await page.getByRole('button', { name: 'Accept with these bounds' }).focus();
      await page.keyboard.press('Enter');
    } else if (name === 'Flexible') {
      await page.keyboard.press('r'); // an empty rationale: r opens the box
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await page.keyboard.type('Nothing here is about flexibility.');
      await page.keyboard.press('Escape');
      await page.keyboard.press('r');
    } else {
      assert.fail(`an item not expected: ${name}`);
    }
    await said.getByText(new RegExp(`\\b${n} of 5 resolved`)).waitFor();
  }
  assert.equal(await page.locator('.rc-progress strong').innerText(), '5 of 5 resolved');
  await check(page, 'study-reconciled');
  // On a phone the view stacks and the actions stay in reach.
  await page.setViewportSize({ width: 390, height: 844 });
  await noSideways(page, 'study-reconciled-phone');
  await check(page, 'study-reconciled-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // --- Exemplar quotes on the findings page. ---
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Pick quotes for Judgment-free' }).click();
  const picker = page.locator('.fd-picker');
  await picker.getByRole('heading', { name: /Judgment-free/ }).waitFor();
  const passage = (words) => picker.getByRole('listitem').filter({ hasText: words });
  await passage('Nobody judged me').getByRole('button', { name: 'Pick as the codebook example' }).click();
  await page.getByText('The quote is picked and is now the codebook’s example.').waitFor();
  await passage('treated me as an equal').getByRole('button', { name: /^Pick the passage/ }).click();
  await page.getByText('The quote is picked.', { exact: true }).waitFor();
  await check(page, 'study-quotes');
  const example = (await api('GET', `/projects/${pid}/codebook`, leadToken)).nodes.find((n) => n.name === 'Judgment-free');
  assert.match(JSON.stringify(example), /Nobody judged me/, 'the picked example is the codebook’s example');

  // --- Lock, then the workbooks. ---
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('button', { name: 'Lock “interview-1”' }).click();
  await page.getByText('“interview-1” is locked.').waitFor();
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken)).phase, 'locked');

  await page.getByRole('link', { name: 'Exports' }).click();
  await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-study-'));
  const download = async (region, button = 'Excel workbook (.xlsx)') => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: region }).getByRole('button', { name: button }).click()]);
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    return sheetsIn(path);
  };
  const row = (header, r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
  const rowsOf = (sheet) => sheet.slice(1).map((r) => row(sheet[0], r));

  // The consensus excerpts: one row per excerpt and theme, what the paper reports.
  await page.getByRole('region', { name: 'Coded excerpts' }).getByRole('radio', { name: /The consensus only/ }).check();
  const excerpts = rowsOf((await download('Coded excerpts')).get('Excerpts'));
  assert.deepEqual(excerpts.map((r) => `${r.Turn} | ${r.Theme} | ${r.Set} | ${r.Participant}`).sort(), [
    '2 | Judgment-free | Consensus | P01',
    '2 | Relaxed/open | Consensus | P01',
    '4 | Holding jobs and other positions of responsibility | Consensus | P01',
    '4 | Improved coping skills | Consensus | P01',
    '6 | Judgment-free | Consensus | P01',
  ]);
  assert.equal(excerpts.find((r) => r.Turn === '6').Text, 'The staff treated me as an equal', 'the adjusted bounds');

  // The decisions: every one with its rationale and who saw it which way.
  const decisions = rowsOf((await download('Decisions')).get('Decisions'));
  assert.equal(decisions.length, 5, JSON.stringify(decisions));
  for (const d of decisions) {
    assert.ok(d.Rationale.length > 10, `a rationale: ${JSON.stringify(d)}`);
    assert.equal(d['Peer/academic split'], 'yes');
    assert.equal(d.Lead, lead.name);
    assert.match(`${d['Applied by']} / ${d['Not applied by']}`, /Pat Peer \(peer researcher\)/);
    assert.match(`${d['Applied by']} / ${d['Not applied by']}`, /Alex Academic \(academic researcher\)/);
  }
  assert.deepEqual(decisions.map((d) => `${d.Theme}: ${d.Action}`).sort(), [
    'Flexible: Rejected', 'Improved coping skills: Accepted', 'Judgment-free: Accepted with other bounds',
    'Leadership: Given another theme', 'Relaxed/open: Accepted',
  ]);
  assert.match(decisions.find((d) => d.Theme === 'Leadership')['Other theme'], / \/ Holding jobs and other positions of responsibility$/);

  // The findings: the results table and the picked quotes.
  const findings = await download('Findings');
  const judgment = rowsOf(findings.get('Findings')).find((r) => r.Theme === 'Judgment-free');
  assert.equal(judgment.Participants, '1');
  assert.equal(judgment.Excerpts, '2');
  assert.match(judgment['Example quote'], /Nobody judged me/);
  const quotes = rowsOf(findings.get('Quotes'));
  assert.deepEqual(quotes.map((q) => `${q.Theme} | ${q['Codebook example']} | ${q.Participant}`).sort(), ['Judgment-free |  | P01', 'Judgment-free | yes | P01']);
  await check(page, 'study-exports');

  // The coders see their own figures against the consensus once it is locked.
  const mine = await api('GET', `/projects/${pid}/consensus-agreement`, p.token);
  assert.ok(JSON.stringify(mine).includes(p.id) && !JSON.stringify(mine).includes(a.id), 'a coder sees only their own figures');
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});
