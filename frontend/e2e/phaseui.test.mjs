// The coding workspace knows the phases, in a real browser: a peer coder has
// the workspace open when the lead starts reconciling the transcript. The
// coder's next change is refused by the server; the workspace says so in one
// plain notice (not an error wall) and counts the change that was not saved.
// After a reload the coding reads like a viewer's: the excerpt is there, and
// nothing offers to change it. The transcripts list and the reader show the
// phase; locking says so too, and a change kept in the browser from last
// time, sent once the interview is locked, is said to be refused for that.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, keep, newContext, noSideways } from './browser.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem, uploadOf } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const login = loginOf(api);
const join = joinOf(api);
const upload = uploadOf(api);

const peer = { email: 'pat@example.org', password: 'one day at a time', name: 'Pat Peer' };

const interview = `Interviewer: What is a usual day like at the centre?

Alex: I come when I want. Nobody asks where I was. We cook lunch together and talk about anything.

Interviewer: Has anything changed for you since you started?

Alex: I lead the Tuesday art group now. I have friends I see outside the centre.
`;

const reconcilingNotice = 'The lead is reconciling this interview: your coding can no longer change.';

test('a coder whose transcript moves to reconciling is told once, plainly, and then reads it', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Phases study', description: 'Phase test.', researcherType: 'academic' })).id;
  const cb0 = await api('GET', `/projects/${pid}/codebook`, leadToken);
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: cb0.version, template: 'rlc' });
  const theme = (name) => cb.nodes.find((n) => n.level === 'theme' && n.name === name).id;
  const pat = await join(pid, leadToken, peer, 'peer');
  const info = await upload(pid, leadToken, 'Alex interview.txt', interview);
  const tid = info.id;
  await api('PATCH', `/projects/${pid}/transcripts/${tid}`, leadToken, { version: info.version, assignedCoders: [pat.id] });
  const text = (await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken)).text;
  const at = text.indexOf('I lead the Tuesday art group');
  const mine = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, pat.token);
  await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/excerpts`, pat.token, {
    version: mine.version,
    id: crypto.randomUUID(),
    start: at,
    end: at + 'I lead the Tuesday art group'.length,
    themes: [theme('Leadership')],
    memo: 'A sign of growing confidence.',
  });

  // The coder has the workspace open, still coding.
  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, peer);
  const url = `${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`;
  await page.goto(url);
  await page.locator('.code-text .turn').first().waitFor();
  assert.equal(await page.getByText(reconcilingNotice).count(), 0);

  // Meanwhile the lead reveals and starts reconciling it.
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'revealed' });
  const moved = await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'reconciling' });
  assert.equal(moved.phase, 'reconciling');

  // The coder's next change: a theme on a new selection, by keyboard.
  await page.locator('.code-text').focus();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('t');
  await page.keyboard.type('flexible');
  await page.keyboard.press('Enter');
  await page.getByText(reconcilingNotice).waitFor();
  await page.getByText('1 change you made just now was not saved, because the coding had already stopped.').waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'no error wall, only the notice');
  assert.equal(await page.getByRole('button', { name: /Apply a theme/ }).count(), 0, 'nothing offers to code any more');
  await check(page, 'ph1-refused-notice');
  keep('ph1-refused-notice');
  const after = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, pat.token);
  assert.equal(after.excerpts.length, 1, 'the refused change did not land');

  // After a reload: the notice at once, the coding readable, nothing to change.
  await page.reload();
  await page.getByText(reconcilingNotice).waitFor();
  assert.equal(await page.getByText('was not saved').count(), 0, 'nothing was lost this time');
  assert.match(await page.locator('.code-count').innerText(), /1 excerpt · Reconciling/);
  assert.equal(await page.locator('.code-text .hl', { hasText: 'art group' }).count() > 0, true, 'the coder’s excerpt is shown');
  assert.equal(await page.getByRole('button', { name: /Submit/ }).count(), 0, 'no submit');
  assert.equal(await page.getByRole('button', { name: /Reopen/ }).count(), 0, 'no reopen');
  await page.locator('.code-text').focus();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('t');
  await page.getByText('You can read this coding but not change it.').first().waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0, 'no theme picker');
  assert.equal(await page.getByRole('button', { name: /Apply a theme/ }).count(), 0);
  // The excerpt opens to read: its memo as text, no editing, no delete.
  await page.locator('.code-text .hl', { hasText: 'art group' }).first().click();
  await page.getByText('A sign of growing confidence.').first().waitFor();
  assert.equal(await page.getByLabel('Memo').count(), 0, 'no memo editing');
  assert.equal(await page.getByRole('button', { name: /^Delete/ }).count(), 0, 'no delete');
  assert.equal(await page.getByRole('button', { name: /Add a theme/ }).count(), 0);
  await page.getByText('Hover or focus a theme to read what it means.', { exact: true }).waitFor();
  await check(page, 'ph2-reconciling-read-only');
  keep('ph2-reconciling-read-only');

  // On a phone: the notice first, nothing sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByText(reconcilingNotice).waitFor();
  await check(page, 'ph3-phone', { fullPage: false });
  keep('ph3-phone');
  await noSideways(page, 'ph3-phone');

  // The list and the reader show the phase.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts`);
  await page.getByRole('row', { name: /Alex interview/ }).getByText('Reconciling', { exact: true }).waitFor();
  await page.getByRole('row', { name: /Alex interview/ }).getByRole('link', { name: 'See the coding' }).waitFor();
  await check(page, 'ph4-list-tag');
  keep('ph4-list-tag');
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}`);
  await page.locator('.phase-line').getByText('Reconciling', { exact: true }).waitFor();
  await page.getByRole('link', { name: 'See the coding' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Code this transcript' }).count(), 0);
  await check(page, 'ph5-reader-tag');
  keep('ph5-reader-tag');

  // Locked: the same, in its own words.
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'locked', confirm: true });
  await page.goto(url);
  await page.getByText('This interview is locked: your coding can no longer change. A lead can unlock it.').waitFor();
  assert.match(await page.locator('.code-count').innerText(), /1 excerpt · Locked/);
  await check(page, 'ph6-locked');
  keep('ph6-locked');

  // A change made last time that never reached Tandem (a tab closed offline)
  // is sent when the workspace opens; the interview is locked since, so it
  // is refused, and the notice says so in plain words (not "sent now").
  const [excerpt] = (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, pat.token)).excerpts;
  const key = `tandem.pending.${pid}.${tid}.${pat.id}.a-closed-tab`;
  await page.evaluate(([key, id]) => localStorage.setItem(key, JSON.stringify([{ kind: 'patch', id, change: { memo: 'Written on the bus.' } }])), [key, excerpt.id]);
  await page.reload();
  await page.getByText('1 change you made last time could not be saved, because a lead locked this interview in the meantime.').waitFor();
  await page.waitForFunction((key) => localStorage.getItem(key) === null, key);
  assert.equal(await page.getByText(/sent now|had not reached Tandem/).count(), 0, 'not said to be sent');
  assert.equal(await page.getByText('was not saved').count(), 0, 'not counted as a change made just now');
  assert.equal(await page.getByRole('alert').count(), 0, 'no error wall');
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, pat.token)).excerpts[0].memo, 'A sign of growing confidence.');
  await check(page, 'ph7-replay-locked');
  keep('ph7-replay-locked');
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'ph8-replay-locked-phone', { fullPage: false });
  keep('ph8-replay-locked-phone');
  await noSideways(page, 'ph8-replay-locked-phone');
  await ctx.close();
});
