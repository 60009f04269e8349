// The reconciliation view in a real browser: a peer and an academic code one
// interview blind and submit (through the API). The lead opens the view
// before anything is revealed (a plain sentence), reveals, starts
// reconciling from the view, and then decides every disagreement by
// keyboard alone: accepts, rejects with a rationale, applies another theme,
// meets a second lead's decision on the same item (409: the fresh item in
// place, the rationale kept), changes the bounds of one, and defers one
// (which is not resolved) before accepting it. The progress
// reaches "5 of 5 resolved". Locked, the view reads without actions; a
// coder is told that only a lead reconciles. axe at each state; pictures on
// a desktop, a tablet, a phone and at 200% zoom.
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
const academic = { email: 'alex@example.org', password: 'grounded theory works', name: 'Alex Academic' };
const second = { email: 'sam@example.org', password: 'second lead of the study', name: 'Sam Second' };

async function shot(page, name, opts = {}) {
  // A whole-page picture from the top, so that the queue (which stays in view as the page scrolls) is drawn where it starts.
  if (opts.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await check(page, name, opts);
  keep(name);
}

const interview = `Interviewer: What is a usual day like at the centre?

Alex: I come when I want. Nobody asks where I was.

Interviewer: How do people treat you there?

Alex: Nobody judged me. We cook lunch together and talk about anything.

Interviewer: Has anything changed for you since you started?

Alex: I lead the Tuesday art group now. I have friends I see outside the centre.
`;

test('a lead resolves every disagreement by keyboard', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'RLC study', description: 'Reconciling.', researcherType: 'academic' })).id;
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: 0, template: 'rlc' });
  const theme = (name) => cb.nodes.find((n) => n.level === 'theme' && n.name === name).id;
  const pat = await join(pid, leadToken, peer, 'peer');
  const alex = await join(pid, leadToken, academic, 'academic');
  const sam = await join(pid, leadToken, second, 'academic', 'lead');
  const info = await upload(pid, leadToken, 'Alex interview.txt', interview);
  const tid = info.id;
  await api('PATCH', `/projects/${pid}/transcripts/${tid}`, leadToken, { version: info.version, assignedCoders: [pat.id, alex.id] });
  const text = (await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken)).text;
  const code = async (who, items) => {
    let version = 0;
    for (const [phrase, themes, memo] of items) {
      const start = [...text.slice(0, text.indexOf(phrase))].length;
      const r = await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/excerpts`, who.token, {
        version,
        id: crypto.randomUUID(),
        start,
        end: start + [...phrase].length,
        themes: themes.map(theme),
        memo,
      });
      version = r.version;
    }
    await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/submit`, who.token, { version });
  };
  await code(pat, [
    ['I come when I want.', ['Flexible'], 'Freedom to come and go.'],
    ['Nobody judged me.', ['Judgment-free'], ''],
    ['I lead the Tuesday art group now.', ['Leadership'], 'A sign of growing confidence.'],
    ['I have friends I see outside the centre.', ['Enhanced social networks and activities'], 'Friends outside: a life beyond the centre.'],
  ]);
  await code(alex, [
    ['Nobody asks where I was.', ['Judgment-free'], ''],
    ['Nobody judged me.', ['Judgment-free'], ''],
    ['We cook lunch together', ['Meeting peers'], 'Shared meals.'],
    ['I lead the Tuesday art group now.', ['Leadership', 'Increased self-esteem'], 'Leading shows self-esteem.'],
  ]);

  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  const url = `${tandem.server.base}/projects/${pid}/transcripts/${tid}/reconcile`;

  // Not revealed yet: a plain sentence, nothing to decide.
  await page.goto(url);
  await page.getByText('Everyone is still coding “Alex interview” alone').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept', exact: true }).count(), 0);
  await shot(page, 'rv01-independent');

  // Revealed: the queue to read, and the button to start reconciling.
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'revealed' });
  await page.reload();
  const startButton = page.getByRole('button', { name: 'Start reconciling' });
  await startButton.waitFor();
  await page.locator('.rc-entry').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept', exact: true }).count(), 0, 'no actions before reconciling');
  await shot(page, 'rv02-revealed');
  await startButton.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Accept', exact: true }).waitFor();
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken)).phase, 'reconciling');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-current') === 'true');
  // The project page's phase control leads to the view.
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Reconcile “Alex interview”' }).click();
  await page.getByRole('button', { name: 'Accept', exact: true }).waitFor();

  // The queue: five disagreements in the order of the text, the agreed ones apart.
  const progress = page.locator('.rc-progress strong');
  assert.equal(await progress.innerText(), '0 of 5 resolved');
  const entries = page.locator('ol[aria-label="Disagreements in the order of the text"] .rc-entry');
  assert.equal(await entries.count(), 5);
  const themesInOrder = await entries.locator('.rc-entry-theme strong').allInnerTexts();
  assert.deepEqual(themesInOrder, ['Flexible', 'Judgment-free', 'Meeting peers', 'Enhanced social networks and activities', 'Increased self-esteem']);
  assert.match(await entries.first().innerText(), /Applied: Pat Peer \(peer\)\. Not: Alex Academic \(academic\)\./);
  assert.match(await entries.first().innerText(), /Open/);
  assert.match(await entries.first().innerText(), /RLC Attributes › Atmosphere › Flexible/);
  const agreed = page.locator('summary', { hasText: 'Everyone agreed: 2' });
  await agreed.waitFor();
  assert.equal(await page.locator('ol[aria-label="What everyone agreed on"]').isVisible(), false, 'the agreed items are folded away');
  // The first open item is chosen: its passage marked, the applier's memo shown, every coder's lane.
  assert.equal(await entries.first().getAttribute('aria-current'), 'true');
  await page.locator('.rc-pane').getByText('Freedom to come and go.').waitFor();
  assert.match(await page.locator('mark.rc-mark').first().innerText(), /I come when I want/);
  assert.deepEqual((await page.locator('.rc-pane .cmp-turn').first().locator('.cmp-lane-name').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ')), ['Alex Academic (academic researcher)', 'Pat Peer (peer researcher)']);
  await shot(page, 'rv03-desktop-first-item');

  // ? lists the keys.
  await page.keyboard.press('?');
  await page.getByRole('button', { name: /Keys/ }).and(page.locator('[aria-expanded="true"]')).waitFor();
  await page.locator('#rc-keys').getByText('Defer: decide later').waitFor();
  await shot(page, 'rv04-keys');
  await page.keyboard.press('?');

  const said = page.locator('p.visually-hidden[role="status"]');
  // The focus lands on the queue entry of id (it moves once the page is drawn after a decision).
  const focusIs = (id) => page.waitForFunction((want) => document.activeElement?.id === want, id);
  const ids = await entries.evaluateAll((els) => els.map((e) => e.id));

  // a accepts; the next open item is chosen and has the focus.
  await page.keyboard.press('a');
  await said.getByText('Accepted. 1 of 5 resolved.').waitFor();
  assert.equal(await progress.innerText(), '1 of 5 resolved');
  await focusIs(ids[1]);
  assert.match(await entries.nth(0).innerText(), /Accepted/);

  // r with an empty rationale box opens the box; typing there fires no key; Esc leaves; r rejects.
  await page.keyboard.press('r');
  const rationale = page.getByLabel('Rationale');
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA'); // r puts the focus in the rationale box
  await page.getByText('Write why you reject it').waitFor();
  await shot(page, 'rv05-reject-asks-why');
  // Pressing Reject with the box empty: the server's plain words, and the focus in the box.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Reject', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByText('Write a short rationale: why you reject this.').waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
  assert.equal(await rationale.getAttribute('aria-invalid'), 'true');
  await page.keyboard.type('Not being asked is about freedom, not about judgment. a d j k');
  assert.equal(await progress.innerText(), '1 of 5 resolved', 'typing in the box decides nothing');
  await page.keyboard.press('Escape');
  await focusIs(ids[1]);
  await page.keyboard.press('r');
  await said.getByText('Rejected. 2 of 5 resolved.').waitFor();
  await focusIs(ids[2]);

  // t: another theme, chosen from the codebook by typing; the rationale above it.
  await page.keyboard.press('t');
  const picker = page.getByLabel('Theme to apply instead');
  await page.waitForFunction(() => document.activeElement?.tagName === 'SELECT');
  await page.keyboard.type('Enhanced');
  assert.equal(await picker.inputValue(), theme('Enhanced social networks and activities'));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('Cooking together is the social network here.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await shot(page, 'rv06-other-theme');
  await page.keyboard.press('Enter');
  await said.getByText('Applied the other theme. 3 of 5 resolved.').waitFor();
  assert.match(await entries.nth(2).innerText(), /Other theme/);
  await focusIs(ids[3]);

  // A second lead decides the same item first: the fresh item in place, the rationale kept.
  await page.keyboard.press('n');
  await page.keyboard.type('Friends outside the centre: a new network.');
  await page.keyboard.press('Escape');
  const fourth = (await api('GET', `/projects/${pid}/transcripts/${tid}/queue`, sam.token)).items.find((it) => `rc-item-${it.id}` === ids[3]);
  await api('POST', `/projects/${pid}/transcripts/${tid}/decisions`, sam.token, {
    itemId: fourth.id,
    fingerprint: fourth.fingerprint,
    revision: fourth.revision,
    action: 'accept',
  });
  await page.keyboard.press('r');
  await page.getByRole('alert').getByText('A coder’s work or another lead changed this passage; here it is as it is now.').waitFor();
  assert.equal(await rationale.inputValue(), 'Friends outside the centre: a new network.', 'nothing typed is lost');
  await page.locator('.rc-decided').getByText('Accepted by Sam Second.').waitFor();
  assert.equal(await progress.innerText(), '4 of 5 resolved', 'the other lead’s decision counts');
  await shot(page, 'rv07-stale');
  // The lead agrees after all: accepting again, with the rationale kept.
  await page.keyboard.press('a');
  await said.getByText('Accepted. 4 of 5 resolved.').waitFor();
  await focusIs(ids[4]);

  // b: new bounds, moved a word at a time, the passage shown; with a rationale.
  await page.keyboard.press('b');
  await page.getByText('New bounds (7 words):').waitFor();
  await page.keyboard.press('n');
  await page.keyboard.type('Leading the group is the sign; “now” adds nothing.');
  // With a mouse: select words in the transcript and take them.
  await page.getByRole('button', { name: 'Use the words I selected' }).click();
  await page.getByText('Select some words in the transcript below first').waitFor();
  await page.evaluate(() => {
    const span = [...document.querySelectorAll('.rc-turns mark [data-s]')].find((e) => e.textContent.includes('Tuesday art group'));
    const node = span.firstChild;
    const range = document.createRange();
    range.setStart(node, node.data.indexOf('Tuesday'));
    range.setEnd(node, node.data.indexOf('group') + 'group'.length + 1);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  await page.getByRole('button', { name: 'Use the words I selected' }).click();
  await page.getByText('New bounds (3 words): “Tuesday art group”').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.keyboard.press('b');
  await page.getByText('New bounds (7 words):').waitFor();
  await page.keyboard.press('n');
  await page.keyboard.press('Tab'); // Start a word earlier
  await page.keyboard.press('Tab'); // Start a word later
  await page.keyboard.press('Tab'); // End a word earlier
  await page.keyboard.press('Enter');
  await page.getByText('New bounds (6 words): “I lead the Tuesday art group”').waitFor();
  assert.match(await page.locator('mark.rc-mark').innerText(), /^\[passage:\s*I lead the Tuesday art group\s*\]$/);
  await shot(page, 'rv08-bounds');
  await page.keyboard.press('Tab'); // End a word later
  await page.keyboard.press('Tab'); // Use the words I selected
  await page.keyboard.press('Tab'); // Accept with these bounds
  await page.keyboard.press('Enter');
  await said.getByText('Accepted with the new bounds. 5 of 5 resolved. Every disagreement is decided').waitFor();
  assert.equal(await progress.innerText(), '5 of 5 resolved');
  assert.equal(await page.getByRole('button', { name: 'Next open item' }).count(), 0, 'nothing open any more');
  await shot(page, 'rv09-all-resolved');

  // Deferring is not resolving: back to the first item, d, and then a.
  for (let i = 0; i < 4; i++) await page.keyboard.press('k');
  await focusIs(ids[0]);
  await page.keyboard.press('d');
  await said.getByText('Deferred. 4 of 5 resolved.').waitFor();
  assert.match(await entries.nth(0).innerText(), /Deferred/);
  await focusIs(ids[0]); // the only item left open stays chosen
  await page.keyboard.press('a');
  await said.getByText('Accepted. 5 of 5 resolved.').waitFor();

  // The decisions log holds each decision with its rationale.
  const log = (await api('GET', `/projects/${pid}/decisions?transcript=${tid}`, leadToken)).decisions;
  const latest = log.filter((d) => !d.superseded && d.leadId !== '');
  assert.deepEqual(latest.map((d) => d.action).sort(), ['accept', 'accept', 'adjust', 'reject', 'theme']);
  const adjusted = latest.find((d) => d.action === 'adjust');
  assert.equal([...text].slice(adjusted.consensusStart, adjusted.consensusEnd).join(''), 'I lead the Tuesday art group');
  assert.equal(latest.find((d) => d.action === 'reject').rationale, 'Not being asked is about freedom, not about judgment. a d j k');
  assert.equal(latest.find((d) => d.action === 'theme').newTheme, theme('Enhanced social networks and activities'));

  // The agreed items open on demand.
  await agreed.click();
  await page.locator('ol[aria-label="What everyone agreed on"] .rc-entry').first().waitFor();
  await shot(page, 'rv10-agreed-open');

  // A tablet, a phone and 200% zoom: queue and transcript stack, nothing sideways, the actions reachable.
  for (const [name, width, height] of [
    ['rv11-tablet', 768, 1024],
    ['rv12-phone', 390, 844],
    ['rv13-zoom200', 640, 400],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(url + `?item=${ids[4].replace('rc-item-', '')}`);
    await page.getByRole('button', { name: 'Accept', exact: true }).waitFor();
    await noSideways(page, name);
    // The chosen item is in view in the queue's own scrolling list.
    const inView = await page.locator('.rc-entry[aria-current="true"]').evaluate((e) => {
      const [box, it] = [e.closest('.rc-queue-list').getBoundingClientRect(), e.getBoundingClientRect()];
      return it.top >= box.top - 1 && it.bottom <= box.bottom + 1;
    });
    assert.ok(inView, `${name}: the chosen item is in view in the queue`);
    await shot(page, name);
    await page.getByRole('button', { name: 'Accept', exact: true }).scrollIntoViewIfNeeded();
    await shot(page, `${name}-actions`, { fullPage: false });
  }

  // Locked: the decisions to read, no actions; unlocking stays on the project page.
  await api('POST', `/projects/${pid}/transcripts/${tid}/phase`, leadToken, { phase: 'locked' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await page.getByText('is locked: these decisions are final').waitFor();
  await entries.first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept', exact: true }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Unlock/ }).count(), 0);
  await page.keyboard.press('a');
  assert.equal(await progress.innerText(), '5 of 5 resolved');
  await shot(page, 'rv14-locked');
  await ctx.close();

  // A coder: only a lead reconciles.
  const cctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const cpage = await cctx.newPage();
  await signIn(cpage, tandem, peer);
  await cpage.goto(url);
  await cpage.getByText('Only a lead reconciles.').waitFor();
  await shot(cpage, 'rv15-coder');
  await cctx.close();
});
