// The read views of reconciliation in a real browser. Set up through the API:
// three coders (two peer researchers, one academic) code one interview and
// submit, the lead reveals it, starts reconciling, decides every
// disagreement (one split peers against academics, one decision superseded
// by a later one) and locks it. Then the lead reads the consensus with its
// highlights, the decisions log (filtered by decision and by the
// peer/academic split, which survives a reload) and each coder against the
// agreed coding; a coder sees only their own figures, and only once the
// interview is locked, and gets a plain sentence on the log. Every page is
// axe-clean, on a desktop and on a phone.
import assert from 'node:assert/strict';
import { join as joinPath } from 'node:path';
import { test } from 'node:test';
import { check, keep, newContext, noSideways, shots } from './browser.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem, uploadOf } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const login = loginOf(api);
const join = joinOf(api);
const upload = uploadOf(api);

const pat = { email: 'pat@example.org', password: 'one day at a time', name: 'Pat Peer' };
const kim = { email: 'kim@example.org', password: 'peer support works', name: 'Kim Peer' };
const ash = { email: 'ash@example.org', password: 'a university coder', name: 'Ash Academic' };
const vic = { email: 'vic@example.org', password: 'an advisor reads along', name: 'Vic Viewer' };

const interview = `Interviewer: What is a usual day like at the centre?

Alex: I come when I want. Nobody asks where I was. We cook lunch together and talk about anything.

Interviewer: Has anything changed for you since you started?

Alex: I lead the Tuesday art group now. I have friends I see outside the centre.
`;

/** rows reads the decisions log's table: per row, its action and whether it is superseded. */
const logRows = (page) =>
  page.evaluate(() => [...document.querySelectorAll('table.cs-log tbody tr')].map((tr) => ({ action: tr.dataset.action, old: tr.classList.contains('cs-superseded') })));

test('a lead reads the consensus, the decisions log and each coder against the agreed coding', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Consensus study', description: 'Read views.', researcherType: 'academic' })).id;
  const cb0 = await api('GET', `/projects/${pid}/codebook`, leadToken);
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: cb0.version, template: 'rlc' });
  const theme = (name) => cb.nodes.find((n) => n.level === 'theme' && n.name === name).id;
  const coders = {
    pat: await join(pid, leadToken, pat, 'peer'),
    kim: await join(pid, leadToken, kim, 'peer'),
    ash: await join(pid, leadToken, ash, 'academic'),
  };
  await join(pid, leadToken, vic, 'other', 'viewer');
  const info = await upload(pid, leadToken, 'Alex interview.txt', interview);
  const other = await upload(pid, leadToken, 'Not yet coded.txt', 'Interviewer: How are you?\n\nRiver: Fine, thanks.\n');
  const tid = info.id;
  await api('PATCH', `/projects/${pid}/transcripts/${tid}`, leadToken, { version: info.version, assignedCoders: Object.values(coders).map((c) => c.id) });
  const text = (await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken)).text;
  const span = (words) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });

  // What each coder codes: Flexible by all three (agreed); Judgment-free by a
  // peer and the academic (not split); Leadership by the two peers (split:
  // peers against the academic); Meeting peers by one peer alone (not split).
  const coding = {
    pat: [
      ['I come when I want.', 'Flexible'],
      ['Nobody asks where I was.', 'Judgment-free'],
      ['I lead the Tuesday art group now.', 'Leadership'],
    ],
    kim: [
      ['I come when I want.', 'Flexible'],
      ['I lead the Tuesday art group now.', 'Leadership'],
      ['I have friends I see outside the centre.', 'Meeting peers'],
    ],
    ash: [
      ['I come when I want.', 'Flexible'],
      ['Nobody asks where I was.', 'Judgment-free'],
    ],
  };
  for (const [who, excerpts] of Object.entries(coding)) {
    const token = coders[who].token;
    let version = (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, token)).version;
    for (const [words, name] of excerpts) {
      const out = await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/excerpts`, token, { version, id: crypto.randomUUID(), ...span(words), themes: [theme(name)] });
      version = out.version;
    }
    await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/submit`, token, { version });
  }

  // The lead reveals, starts reconciling and decides every disagreement.
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'revealed' });
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'reconciling' });
  const item = async (name) => (await api('GET', `/projects/${pid}/transcripts/${tid}/queue`, leadToken)).items.find((i) => i.theme === theme(name) && !i.agreed);
  const decide = async (name, action, extra = {}) => {
    const it = await item(name);
    assert.ok(it, `an item for ${name}`);
    return (await api('POST', `/projects/${pid}/transcripts/${tid}/decisions`, leadToken, { itemId: it.id, fingerprint: it.fingerprint, revision: it.revision, action, ...extra })).decision;
  };
  const deferred = await decide('Leadership', 'defer');
  assert.equal(deferred.split, true, 'the two peers against the academic is a split');
  await decide('Leadership', 'accept', { rationale: 'Leading a group is the clearest sign of leadership here.' });
  const rejected = await decide('Judgment-free', 'reject', { rationale: 'Not being asked is about flexibility, not about judgment.' });
  assert.equal(rejected.split, false);
  await decide('Meeting peers', 'theme', { theme: theme('Enhanced social networks and activities'), rationale: 'Friends outside the centre: a wider social network.' });
  const log = (await api('GET', `/projects/${pid}/decisions`, leadToken)).decisions;
  assert.equal(log.length, 4);

  // Before the lock, a coder has no figures yet, and no consensus to read.
  const coderCtx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const cp = await coderCtx.newPage();
  await signIn(cp, tandem, pat);
  await cp.goto(`${tandem.server.base}/projects/${pid}`);
  await cp.getByRole('link', { name: 'You and the agreed coding' }).click();
  await cp.getByRole('heading', { name: 'You against the agreed coding' }).waitFor();
  await cp.getByText('Nothing here yet. Your figures appear once a lead locks an interview you coded and submitted.').waitFor();
  await check(cp, 'cv-coder-before-lock');
  await cp.goto(`${tandem.server.base}/projects/${pid}/transcripts`);
  await cp.getByRole('link', { name: 'Alex interview' }).waitFor();
  assert.equal(await cp.getByRole('link', { name: 'See the consensus' }).count(), 0, 'no consensus offered before the lock');
  await cp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/consensus`);
  await cp.getByText('The consensus of this transcript is shown to everyone once a lead locks it.').waitFor();
  await check(cp, 'cv-coder-consensus-before-lock');

  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'locked' });

  // The lead opens the consensus from the transcripts list.
  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts`);
  await page.getByRole('link', { name: 'See the consensus' }).click();
  await page.getByRole('heading', { name: 'Consensus of “Alex interview”', level: 1 }).waitFor();
  await page.getByText('Nothing changes any more.').waitFor();
  const hl = (words) => page.locator('.cs-text .hl', { hasText: words });
  await hl('I come when I want.').first().waitFor();
  assert.ok((await hl('I lead the Tuesday art group now.').count()) > 0, 'the accepted excerpt is highlighted');
  assert.ok((await hl('I have friends I see outside the centre.').count()) > 0, 'the excerpt given another theme is highlighted');
  assert.equal(await hl('Nobody asks where I was.').count(), 0, 'the rejected one is not');
  const colour = await hl('I lead the Tuesday art group now.').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(colour, 'rgba(0, 0, 0, 0)', 'filled in its theme’s colour');
  const side = page.getByRole('region', { name: 'By theme' });
  assert.deepEqual(
    (await side.locator('h3').allInnerTexts()).map((s) => s.replace(/\s*\(\d+\)$/, '')),
    ['Flexible', 'Leadership', 'Enhanced social networks and activities'],
  );
  await side.getByRole('button', { name: /Show in the text\W+Leadership/ }).click();
  await page.locator('.cs-text .cs-flash').waitFor();
  await check(page, 'cv-consensus-desktop');
  keep('cv-consensus-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await hl('I come when I want.').first().waitFor();
  await check(page, 'cv-consensus-phone');
  keep('cv-consensus-phone');
  await noSideways(page, 'cv-consensus-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // A transcript nobody reconciled: a plain sentence, and the text.
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${other.id}/consensus`);
  await page.getByText('There is no consensus for this interview yet. It starts when a lead starts reconciling the coding.').waitFor();
  await page.getByText('Fine, thanks.').waitFor();
  await check(page, 'cv-consensus-none');

  // The decisions log, from the project page.
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Decisions log' }).click();
  await page.getByRole('heading', { name: 'Decisions log', level: 1 }).waitFor();
  await page.getByText('4 decisions; 1 split peer researchers and academics.').waitFor();
  assert.deepEqual(await logRows(page), [
    { action: 'defer', old: true },
    { action: 'accept', old: false },
    { action: 'reject', old: false },
    { action: 'theme', old: false },
  ]);
  const table = page.locator('table.cs-log');
  const splitRow = table.locator('tbody tr[data-action="accept"]');
  assert.match(await splitRow.innerText(), /Leading a group is the clearest sign/);
  assert.deepEqual((await splitRow.locator('td[data-label="Applied it"] li').allInnerTexts()).sort(), ['Kim Peer (peer researcher)', 'Pat Peer (peer researcher)']);
  assert.deepEqual(await splitRow.locator('td[data-label="Did not apply it"] li').allInnerTexts(), ['Ash Academic (academic researcher)']);
  await splitRow.getByText('Peer and academic split').waitFor();
  await table.locator('tbody tr[data-action="defer"]').getByText('Superseded').waitFor();
  assert.match(await table.locator('tbody tr[data-action="theme"]').innerText(), /Given another theme\s*Instead: Enhanced social networks and activities/);
  await check(page, 'cv-log-desktop');
  keep('cv-log-desktop');

  // Filtering by decision narrows the log; the address keeps it over a reload.
  await page.getByLabel('Decision', { exact: true }).selectOption({ label: 'Rejected' });
  await page.getByText('1 decision matches these choices.').waitFor();
  assert.deepEqual(await logRows(page), [{ action: 'reject', old: false }]);
  assert.match(page.url(), /\?action=reject$/);
  await page.reload();
  await page.getByText('1 decision matches these choices.').waitFor();
  assert.equal(await page.getByLabel('Decision', { exact: true }).inputValue(), 'reject');
  assert.deepEqual(await logRows(page), [{ action: 'reject', old: false }]);

  // Only the split ones: the two decisions on the item where peers and the academic differed.
  await page.getByRole('button', { name: 'Show every decision' }).click();
  await page.getByText('4 decisions;').waitFor();
  await page.getByLabel('Only where peer researchers and academics saw it differently').check();
  await page.getByText('2 decisions match these choices; 1 split').waitFor();
  assert.deepEqual(await logRows(page), [
    { action: 'defer', old: true },
    { action: 'accept', old: false },
  ]);
  assert.match(page.url(), /\?split=true$/);
  await page.reload();
  await page.getByText('2 decisions match these choices; 1 split').waitFor();
  assert.equal(await page.getByLabel('Only where peer researchers and academics saw it differently').isChecked(), true);

  // Split and rejected: nothing, said plainly.
  await page.getByLabel('Decision', { exact: true }).selectOption({ label: 'Rejected' });
  await page.getByText('No decision matches these choices.').waitFor();
  await check(page, 'cv-log-empty');

  // The workbook downloads with the same choices.
  await page.getByLabel('Decision', { exact: true }).selectOption({ label: 'Accepted' });
  await page.getByText('1 decision matches these choices; 1 split').waitFor();
  const [book] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the decisions workbook' }).click()]);
  assert.match(book.suggestedFilename(), /decisions\.xlsx$/);
  await page.getByText(/Downloaded “.*decisions\.xlsx”/).waitFor();

  // On a phone the table is a list, and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${tandem.server.base}/projects/${pid}/decisions`);
  await page.getByText('4 decisions;').waitFor();
  await check(page, 'cv-log-phone');
  keep('cv-log-phone');
  await noSideways(page, 'cv-log-phone');
  assert.equal(await table.locator('thead').evaluate((e) => e.getBoundingClientRect().width <= 1), true, 'the column headings give way to labels');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The log is linked from the Exports page too.
  await page.goto(`${tandem.server.base}/projects/${pid}/exports`);
  await page.getByRole('link', { name: 'Read the decisions log' }).click();
  await page.getByRole('heading', { name: 'Decisions log', level: 1 }).waitFor();

  // Each coder against the agreed coding, on the agreement page.
  await page.goto(`${tandem.server.base}/projects/${pid}/agreement`);
  const section = page.getByRole('region', { name: 'Each coder against the agreed coding' });
  await section.waitFor();
  await section.locator('table.ag-vs-consensus').first().waitFor();
  const vs = await api('GET', `/projects/${pid}/consensus-agreement`, leadToken);
  assert.equal(vs.coders.length, 3);
  assert.deepEqual(
    await section.locator('[data-coder]').evaluateAll((els) => els.map((e) => e.dataset.coder).sort()),
    Object.values(coders).map((c) => c.id).sort(),
  );
  // Ash did not code Leadership, which the consensus has: it is worth talking through with Ash.
  const ashLeadership = section.locator(`[data-coder="${coders.ash.id}"] tr[data-theme="${theme('Leadership')}"]`);
  assert.match(await ashLeadership.innerText(), /Worth talking through/);
  assert.match(await ashLeadership.locator('td[data-label="Found"]').innerText(), /^0\.0%$/);
  await section.getByRole('heading', { name: 'Worth talking through' }).waitFor();
  assert.match(await section.locator('.ag-support').innerText(), /Ash Academic on Leadership/);
  for (const line of ['Agreement', 'Kappa', 'Found', 'Kept', 'F1']) await section.locator('dt', { hasText: new RegExp(`^${line}$`) }).waitFor();
  await section.scrollIntoViewIfNeeded();
  await check(page, 'cv-agreement-desktop');
  await section.screenshot({ path: joinPath(shots, 'cv-agreement-section-desktop.png') });
  keep('cv-agreement-section-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await section.locator('table.ag-vs-consensus').first().waitFor();
  await check(page, 'cv-agreement-phone');
  await section.screenshot({ path: joinPath(shots, 'cv-agreement-section-phone.png') });
  keep('cv-agreement-section-phone');
  await noSideways(page, 'cv-agreement-phone');
  await ctx.close();

  // After the lock the coder sees only their own figures and reads the consensus; the log is not for them.
  await cp.goto(`${tandem.server.base}/projects/${pid}/agreement`);
  const own = cp.getByRole('region', { name: 'You against the agreed coding' });
  await own.locator('table.ag-vs-consensus').waitFor();
  assert.deepEqual(await own.locator('[data-coder]').evaluateAll((els) => els.map((e) => e.dataset.coder)), [coders.pat.id]);
  assert.equal(await own.getByText('Kim Peer').count() + (await own.getByText('Ash Academic').count()), 0, 'nobody else’s figures');
  await check(cp, 'cv-coder-agreement');
  keep('cv-coder-agreement');
  await cp.goto(`${tandem.server.base}/projects/${pid}/transcripts`);
  await cp.getByRole('link', { name: 'See the consensus' }).click();
  await cp.locator('.cs-text .hl', { hasText: 'I lead the Tuesday art group now.' }).first().waitFor();
  await check(cp, 'cv-coder-consensus');
  await cp.goto(`${tandem.server.base}/projects/${pid}/decisions`);
  await cp.getByText('The decisions log is for the leads of Consensus study.').waitFor();
  assert.equal(await cp.locator('table').count(), 0);
  await check(cp, 'cv-coder-log');
  await coderCtx.close();

  // A viewer: the same plain sentence on the log.
  const viewerCtx = await newContext(tandem.browser);
  const vp = await viewerCtx.newPage();
  await signIn(vp, tandem, vic);
  await vp.goto(`${tandem.server.base}/projects/${pid}/decisions`);
  await vp.getByText('The decisions log is for the leads of Consensus study.').waitFor();
  await check(vp, 'cv-viewer-log');
  await viewerCtx.close();
});
