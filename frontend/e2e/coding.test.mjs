// The coding workspace in a real browser: a peer coder (with the mouse) and
// an academic coder (keyboard only) code the same transcript blind, the API
// confirms neither sees the other's excerpts, both submit, and the lead sees
// both; saving survives going offline; progress on the project home; 200%
// zoom and a tablet. Then the performance of a 20,000-word transcript with
// 2,000 excerpts from 4 coders (figures printed, not asserted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join as joinPath } from 'node:path';
import { check, newContext, noSideways, shots } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const peer = { email: 'sam@example.org', password: 'hope and connection', name: 'Sam Peer' };
const academic = { email: 'ari@example.org', password: 'careful reading every day', name: 'Ari Academic' };

const tandem = startTandem();
const api = apiOf(tandem);


const login = async (who) => (await api('POST', '/auth/login', null, { email: who.email, password: who.password })).accessToken;

/** quiet reads a value until it has not changed for a second (at most 5 s),
 * so that a request the browser started as a tab closed has landed or is gone. */
async function quiet(read) {
  let last = await read();
  let since = Date.now();
  for (const start = Date.now(); Date.now() - since < 1000 && Date.now() - start < 5000; ) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await read();
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return last;
}

async function join(pid, leadToken, who, researcherType) {
  const inv = await api('POST', `/projects/${pid}/invitations`, leadToken, { role: 'coder', expiresInHours: 24, note: who.name });
  const token = inv.token ?? inv.url.split('/invite/')[1];
  await api('POST', `/invitations/${token}/accept`, null, { researcherType, name: who.name, email: who.email, password: who.password });
  const t = await login(who);
  const me = await api('GET', '/me', t);
  return { token: t, id: me.id };
}

async function upload(pid, token, name, text) {
  const form = new FormData();
  form.append('files', new Blob([text], { type: 'text/plain' }), name);
  const out = await api('POST', `/projects/${pid}/transcripts`, token, form);
  assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
  return out.results[0].transcript;
}


const saved = (page) => page.locator('.save-state', { hasText: 'All changes saved' }).waitFor();

/** selectWithMouse drags over the text from the start of `from` to the end of `to` (both inside one segment's text). */
async function selectWithMouse(page, from, to) {
  const box = await page.evaluate(
    ([from, to]) => {
      const walker = document.createTreeWalker(document.querySelector('.code-text'), NodeFilter.SHOW_TEXT);
      const find = (s, end) => {
        walker.currentNode = walker.root;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.parentElement.closest('[data-s]')) continue;
          const i = n.data.indexOf(s);
          if (i >= 0) {
            const r = document.createRange();
            const at = end ? i + s.length : i;
            r.setStart(n, end ? at - 1 : at);
            r.setEnd(n, end ? at : at + 1);
            if (!end) r.startContainer.parentElement.scrollIntoView({ block: 'center' });
            const b = r.getBoundingClientRect();
            return { x: end ? b.right - 1 : b.left + 1, y: b.top + b.height / 2 };
          }
        }
        return null;
      };
      find(from, false); // scrolls it into view
      return { a: find(from, false), b: find(to, true) };
    },
    [from, to],
  );
  assert.ok(box.a && box.b, `could not find “${from}” … “${to}” in the text`);
  await page.mouse.move(box.a.x, box.a.y);
  await page.mouse.down();
  await page.mouse.move((box.a.x + box.b.x) / 2, (box.a.y + box.b.y) / 2, { steps: 3 });
  await page.mouse.move(box.b.x, box.b.y, { steps: 3 });
  await page.mouse.up();
}

/** highlightedText returns the text of the coder's highlights (segments with excerpts). */
const highlighted = (page) => page.evaluate(() => [...document.querySelectorAll('.code-text .hl')].map((e) => e.textContent).join('|'));

const interview = `Interviewer: How did you first hear about the centre?

Alex: A friend from the ward told me about it. She said nobody there would judge me for my diagnosis, and that was true 😊 from the first day.

Interviewer: What is a usual day like there?

Alex: I come when I want. Some weeks every day, some weeks not at all. Nobody asks where I was. We cook lunch together and talk about anything.

Interviewer: Has anything changed for you since you started?

Alex: I lead the Tuesday art group now. Café mornings helped me talk to people again. I have friends I see outside the centre, which I did not have before.
`;

test('a peer and an academic code the same transcript blind; both submit; the lead sees both', async () => {
  const leadToken = await login(lead);
  const project = await api('POST', '/projects', leadToken, { name: 'RLC coding study', description: 'Coding test.', researcherType: 'academic' });
  const pid = project.id;
  const cb0 = await api('GET', `/projects/${pid}/codebook`, leadToken);
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: cb0.version, template: 'rlc' });
  const theme = (name) => cb.nodes.find((n) => n.level === 'theme' && n.name === name).id;
  const sam = await join(pid, leadToken, peer, 'peer');
  const ari = await join(pid, leadToken, academic, 'academic');
  const info = await upload(pid, leadToken, 'Alex interview.txt', interview);
  const tid = info.id;
  await api('PATCH', `/projects/${pid}/transcripts/${tid}`, leadToken, {
    version: info.version,
    contentNote: 'Mentions a stay on a psychiatric ward.',
    assignedCoders: [sam.id, ari.id],
  });

  // --- The peer coder, with the mouse. ---
  const peerCtx = await newContext(tandem.browser);
  const pp = await peerCtx.newPage();
  await signIn(pp, tandem, peer);
  await pp.getByRole('link', { name: 'RLC coding study' }).click();
  await pp.getByRole('heading', { name: 'My transcripts (1)' }).waitFor();
  await pp.getByText('Not started').first().waitFor();
  await check(pp, 'k01-coder-home');
  await pp.getByRole('link', { name: 'Code “Alex interview”' }).click();
  await pp.getByRole('heading', { name: 'Before you read' }).waitFor();
  await pp.getByText('Mentions a stay on a psychiatric ward.').waitFor();
  await check(pp, 'k02-content-note');
  await pp.getByRole('button', { name: 'Show the transcript' }).click();
  await pp.locator('.code-text .turn').first().waitFor();
  await pp.getByText('The project codes independently').waitFor();
  await check(pp, 'k03-workspace-empty');

  // The codebook card shows on hover; search by words of a definition.
  await pp.getByRole('button', { name: 'Judgment-free', exact: true }).hover();
  await pp.locator('.theme-card:not([hidden])').first().waitFor();
  await check(pp, 'k04-codebook-card');
  await pp.getByLabel('Find a theme').fill('lead');
  await pp.getByRole('button', { name: 'Leadership', exact: true }).waitFor();
  assert.equal(await pp.getByRole('button', { name: 'Judgment-free', exact: true }).count(), 0);
  await pp.getByLabel('Find a theme').fill('');

  // Select with the mouse, apply a theme from the panel.
  await selectWithMouse(pp, 'nobody there would judge', 'diagnosis');
  await pp.locator('.code-box .quote', { hasText: 'nobody there would judge me for my diagnosis' }).waitFor();
  await check(pp, 'k05-mouse-selection');
  await pp.getByRole('button', { name: 'Judgment-free', exact: true }).click();
  await saved(pp);
  assert.equal(await highlighted(pp), 'nobody there would judge me for my diagnosis');
  // The chosen excerpt's editor: a memo, a wider end, a second theme.
  await pp.getByRole('heading', { name: 'Your excerpt' }).waitFor();
  await pp.getByLabel('Memo').fill('Judgment-free from the start.');
  await pp.getByRole('button', { name: 'End a word later' }).click();
  await pp.getByRole('button', { name: 'Add a theme…' }).click();
  await pp.getByRole('combobox').fill('relax');
  await pp.keyboard.press('Enter');
  await saved(pp);
  // An overlapping, longer excerpt: both stay readable (two lines under the shared words).
  await selectWithMouse(pp, 'A friend from the ward', 'first day');
  await pp.getByRole('button', { name: 'Apply a theme… T' }).click();
  await pp.getByRole('combobox').fill('peers');
  await pp.getByRole('option', { name: /^Meeting peers/ }).click();
  await saved(pp);
  assert.ok((await pp.locator('.code-text [data-n="2"]').count()) > 0, 'the overlap shows two excerpts');
  // The highlights are named for screen readers.
  assert.ok((await pp.locator('.sr-mark', { hasText: '[excerpt: Judgment-free, Relaxed/open]' }).count()) === 1);
  // Click inside the excerpts: the list names both.
  await pp.locator('.code-text [data-n="2"]').first().click();
  await pp.locator('.here-list li').nth(1).waitFor();
  await check(pp, 'k06-overlap');

  const peerSet = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, sam.token);
  assert.equal(peerSet.excerpts.length, 2);
  const jf = peerSet.excerpts.find((e) => e.themes.includes(theme('Judgment-free')));
  assert.equal(jf.memo, 'Judgment-free from the start.');
  assert.deepEqual(jf.themes.sort(), [theme('Judgment-free'), theme('Relaxed/open')].sort());
  // Offsets are code points: the emoji before "from the first day" counts as one.
  const full = [...(await api('GET', `/projects/${pid}/transcripts/${tid}`, sam.token)).text];
  const textOf = (e) => full.slice(e.start, e.end).join('');
  assert.equal(textOf(jf), 'nobody there would judge me for my diagnosis, and');
  const mp = peerSet.excerpts.find((e) => e.themes.includes(theme('Meeting peers')));
  assert.match(textOf(mp), /^A friend from the ward .* that was true 😊 from the first day$/);

  // --- The academic coder, keyboard only. ---
  const acCtx = await newContext(tandem.browser);
  let ap = await acCtx.newPage();
  await signIn(ap, tandem, academic);
  await ap.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await ap.getByRole('button', { name: 'Show the transcript' }).focus();
  await ap.keyboard.press('Enter');
  await ap.locator('.code-text').waitFor();
  // Tab to the text.
  for (let i = 0; i < 30; i++) {
    await ap.keyboard.press('Tab');
    if (await ap.evaluate(() => document.activeElement?.classList.contains('code-text'))) break;
  }
  assert.ok(await ap.evaluate(() => document.activeElement?.classList.contains('code-text')), 'Tab reaches the text');
  // Turn 4 ("I come when I want…"): down three turns, select four words, T, type, Enter.
  for (let i = 0; i < 3; i++) await ap.keyboard.press('ArrowDown');
  for (let i = 0; i < 5; i++) await ap.keyboard.press('Shift+ArrowRight');
  await ap.locator('.code-box .quote', { hasText: 'I come when I want' }).waitFor();
  await ap.keyboard.press('t');
  await ap.getByRole('dialog').waitFor();
  await ap.keyboard.type('flex');
  await check(ap, 'k07-keyboard-picker');
  await ap.keyboard.press('Enter');
  await saved(ap);
  assert.equal(await highlighted(ap), 'I come when I want');
  assert.ok(await ap.evaluate(() => document.activeElement?.classList.contains('code-text')), 'the focus returns to the text');
  // A recent theme by number key: the next sentence.
  await ap.keyboard.press('Alt+ArrowRight'); // past the full stop
  await ap.keyboard.press('Alt+ArrowRight'); // and the space
  for (let i = 0; i < 9; i++) await ap.keyboard.press('Shift+ArrowRight');
  await ap.keyboard.press('1');
  await saved(ap);
  assert.equal(await highlighted(ap), 'I come when I want|Some weeks every day, some weeks not at all');
  // A nested excerpt inside the second one, with another theme.
  await ap.keyboard.press('Home'); // the start of turn 4
  for (let i = 0; i < 7; i++) await ap.keyboard.press('ArrowRight');
  for (let i = 0; i < 2; i++) await ap.keyboard.press('Shift+ArrowRight');
  await ap.keyboard.press('Enter');
  await ap.keyboard.type('relaxed');
  await ap.keyboard.press('Enter');
  await saved(ap);
  assert.ok((await ap.locator('.code-text [data-n="2"]').count()) > 0, 'the nested excerpt shows as a second layer');
  // Choose the excerpt at the caret with Enter, delete it with Delete, bring it back with Ctrl+Z.
  await ap.keyboard.press('ArrowLeft');
  await ap.keyboard.press('Enter');
  await ap.getByRole('heading', { name: 'Your excerpt' }).waitFor();
  assert.equal(await ap.evaluate(() => document.activeElement?.textContent), 'Your excerpt', 'the editor takes the focus');
  await ap.keyboard.press('Escape'); // back to the text, the excerpt still chosen
  assert.ok(await ap.evaluate(() => document.activeElement?.classList.contains('code-text')));
  await ap.keyboard.press('Delete');
  await ap.getByRole('button', { name: 'Undo' }).waitFor();
  await saved(ap);
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token)).excerpts.length, 2);
  await ap.keyboard.press('Control+z');
  await saved(ap);
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token)).excerpts.length, 3);
  await check(ap, 'k08-keyboard-coded');

  // Offline: the change is kept and sent when the connection is back.
  await ap.keyboard.press('ArrowDown');
  await ap.keyboard.press('ArrowDown');
  for (let i = 0; i < 4; i++) await ap.keyboard.press('Shift+ArrowRight');
  await acCtx.setOffline(true);
  await ap.keyboard.press('t');
  await ap.keyboard.type('leader');
  await ap.keyboard.press('Enter');
  await ap.locator('.save-state', { hasText: 'Offline — will retry' }).waitFor();
  await check(ap, 'k09-offline');
  // The tab is closed while offline; the change waits in the browser and is sent on the next visit.
  await ap.close();
  await acCtx.setOffline(false);
  // The browser may still send the request it started as the tab closed
  // once it is back online: then there is nothing left to replay.
  const arrivedLate = (await quiet(async () => (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token)).excerpts.length)) === 4;
  ap = await acCtx.newPage();
  await ap.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await ap.getByRole('button', { name: 'Show the transcript' }).click();
  if (arrivedLate) console.log('# offline: the request started as the tab closed arrived once back online; nothing to replay');
  else await ap.getByText('1 change you made last time had not reached Tandem; it was sent now.').waitFor();
  await saved(ap);
  const ariSet = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token);
  assert.equal(ariSet.excerpts.length, 4);
  assert.ok(ariSet.excerpts.some((e) => e.themes.includes(theme('Leadership'))));

  // Two tabs (or devices) of one coder: a change based on an old version gets 409; the tab loads the latest and keeps the change.
  const ap2 = await acCtx.newPage();
  await ap2.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await ap2.getByRole('button', { name: 'Show the transcript' }).click();
  await ap2.locator('.code-text .turn').first().waitFor();
  const fresh = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token);
  await api('POST', `/projects/${pid}/transcripts/${tid}/codings/me/excerpts`, ari.token, {
    version: fresh.version,
    id: crypto.randomUUID(),
    start: 0,
    end: 3,
    themes: [theme('Flexible')],
  });
  await ap2.locator('.code-text').focus();
  for (let i = 0; i < 5; i++) await ap2.keyboard.press('ArrowDown');
  for (let i = 0; i < 2; i++) await ap2.keyboard.press('Shift+ArrowRight');
  await ap2.keyboard.press('t');
  await ap2.keyboard.type('coping');
  await ap2.keyboard.press('Enter');
  await ap2.getByText('Your coding was changed in another tab or device.').waitFor();
  await saved(ap2);
  await check(ap2, 'k09b-conflict-kept');
  const afterConflict = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, ari.token);
  assert.equal(afterConflict.excerpts.length, 6, 'the other tab’s excerpt and this tab’s are both kept');
  assert.ok(afterConflict.excerpts.some((e) => e.themes.includes(theme('Improved coping skills'))));
  await ap2.close();
  await ap.reload(); // the note was read in this tab: straight to the text
  await ap.locator('.code-text .turn').first().waitFor();

  // --- Blind: neither sees the other's excerpts, through the API. ---
  for (const [me, other] of [
    [sam, ari],
    [ari, sam],
  ]) {
    const c = await api('GET', `/projects/${pid}/transcripts/${tid}/codings`, me.token);
    assert.equal(c.seesAll, false);
    assert.equal(c.sets[0].coderId, me.id);
    assert.ok(c.sets[0].excerpts.length > 0);
    const theirs = c.sets.find((s) => s.coderId === other.id);
    assert.equal(theirs.hidden, true);
    assert.equal(theirs.excerpts, null);
    assert.equal(theirs.excerptCount, undefined);
    const direct = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/${other.id}`, me.token, undefined, { raw: true });
    assert.equal(direct.status, 404);
    const progress = await api('GET', `/projects/${pid}/progress`, me.token);
    assert.equal(progress.transcripts[0].sets.find((s) => s.coderId === other.id).excerptCount, undefined);
  }
  // Nor in the browser: no "show others" switch, and the other coder's text is not highlighted.
  assert.equal(await pp.getByLabel(/Show the other coders/).count(), 0);

  // --- Both submit: the peer with the mouse, the academic by keyboard. ---
  await pp.getByRole('button', { name: 'Submit my coding…' }).click();
  await pp.getByRole('heading', { name: 'Submit your coding?' }).waitFor();
  await pp.locator('.summary').getByText('2 excerpts', { exact: true }).waitFor();
  await pp.locator('.summary').getByText(/no excerpt: turn/).waitFor();
  await check(pp, 'k10-submit-summary');
  await pp.getByRole('button', { name: 'Yes, submit' }).click();
  await pp.getByText('Thank you! Your coding of this transcript is submitted.').waitFor();
  await check(pp, 'k11-submitted');
  await ap.getByRole('button', { name: 'Submit my coding…' }).focus();
  await ap.keyboard.press('Enter');
  await ap.getByRole('button', { name: 'Yes, submit' }).focus();
  await ap.keyboard.press('Enter');
  await ap.getByText('Thank you! Your coding of this transcript is submitted.').waitFor();
  // Reopened (allowed before the lead reveals) and submitted again.
  await ap.getByRole('button', { name: 'Reopen my coding' }).focus();
  await ap.keyboard.press('Enter');
  await ap.getByText('Your coding is open again: you can change it.').waitFor();
  await ap.getByRole('button', { name: 'Submit my coding…' }).focus();
  await ap.keyboard.press('Enter');
  await ap.getByRole('button', { name: 'Yes, submit' }).focus();
  await ap.keyboard.press('Enter');
  await ap.getByText('Thank you! Your coding of this transcript is submitted.').waitFor();
  // A submitted set is read only: T says so.
  await ap.locator('.code-text').focus();
  await ap.keyboard.press('t');
  assert.equal(await ap.getByRole('dialog').count(), 0);

  // The coder's home: both submitted, the other's count hidden as "—".
  await pp.goto(`${tandem.server.base}/projects/${pid}`);
  await pp.getByRole('heading', { name: 'Who has coded what' }).waitFor();
  await pp.getByText('“—” means the number of excerpts is hidden').waitFor();
  await check(pp, 'k12-coder-progress');

  // --- The lead sees both, labelled by coder. ---
  const leadCtx = await newContext(tandem.browser);
  const lp = await leadCtx.newPage();
  await signIn(lp, tandem, lead);
  await lp.getByRole('link', { name: 'RLC coding study' }).click();
  await lp.getByRole('heading', { name: 'How coders work' }).waitFor();
  await lp.getByRole('cell', { name: /Submitted\s*2 excerpts/ }).waitFor();
  await lp.getByRole('cell', { name: /Submitted\s*6 excerpts/ }).waitFor();
  await check(lp, 'k13-lead-progress');
  const leadView = await api('GET', `/projects/${pid}/transcripts/${tid}/codings`, leadToken);
  assert.equal(leadView.seesAll, true);
  assert.equal(leadView.sets.find((s) => s.coderId === sam.id).excerpts.length, 2);
  assert.equal(leadView.sets.find((s) => s.coderId === ari.id).excerpts.length, 6);
  await lp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await lp.getByRole('button', { name: 'Show the transcript' }).click();
  const others = lp.getByLabel(/Show the other coders’ excerpts/);
  await others.check();
  await lp.locator('.sr-mark', { hasText: 'by Sam Peer' }).first().waitFor({ state: 'attached' });
  await lp.locator('.sr-mark', { hasText: 'by Ari Academic' }).first().waitFor({ state: 'attached' });
  await lp.locator('.code-text .hl').filter({ hasText: 'I come when I want' }).first().click();
  await lp.getByText('By Ari Academic').first().waitFor();
  await check(lp, 'k14-lead-sees-both');

  // The lead reveals the transcript: now the coders see each other's coding.
  await lp.goto(`${tandem.server.base}/projects/${pid}`);
  await lp.getByRole('button', { name: 'Reveal everyone’s coding of “Alex interview”' }).click();
  await lp.getByText('Coders will see each other’s excerpts and memos on “Alex interview”').waitFor();
  await check(lp, 'k15a-reveal-asks-first');
  await lp.getByRole('button', { name: 'Yes, reveal' }).click();
  await lp.getByText('Everyone can now see all coding of “Alex interview”.').waitFor();
  const afterReveal = await api('GET', `/projects/${pid}/transcripts/${tid}/codings`, sam.token);
  assert.equal(afterReveal.seesAll, true);
  assert.equal(afterReveal.sets.find((s) => s.coderId === ari.id).excerpts.length, 6);
  await pp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await pp.getByLabel(/Show the other coders’ excerpts \(Ari Academic\)/).check();
  await pp.getByText('The lead has revealed everyone’s coding, so only a lead can reopen it now.').waitFor();
  await check(pp, 'k15-revealed');

  // After revealing, only a lead can reopen a coder's coding: from the matrix.
  await lp.getByRole('button', { name: 'Reopen Sam Peer’s coding of “Alex interview”' }).click();
  await lp.getByText('Sam Peer can change their coding of “Alex interview” again.').waitFor();
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, sam.token)).status, 'in_progress');

  // The blind/open switch.
  await lp.getByLabel(/Yes — code openly/).check();
  await lp.getByText('Coders now see each other’s excerpts.').waitFor();
  await check(lp, 'k16-open-mode');

  // 200% zoom and a tablet: the workspace reflows.
  await ap.setViewportSize({ width: 550, height: 900 });
  await ap.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await ap.locator('.code-text .turn').first().waitFor();
  await check(ap, 'k17-zoom-workspace');
  await noSideways(ap, 'k17-zoom-workspace');
  await ap.goto(`${tandem.server.base}/projects/${pid}`);
  await ap.getByRole('heading', { name: 'Who has coded what' }).waitFor();
  await check(ap, 'k18-zoom-progress');
  await noSideways(ap, 'k18-zoom-progress');
  await lp.setViewportSize({ width: 768, height: 1024 });
  await lp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await lp.locator('.code-text .turn').first().waitFor();
  await selectWithMouse(lp, 'I lead the Tuesday', 'art group');
  await lp.getByRole('button', { name: 'Apply a theme to the selection' }).waitFor();
  await check(lp, 'k19-tablet-workspace');
  await noSideways(lp, 'k19-tablet-workspace');

  await peerCtx.close();
  await acCtx.close();
  await leadCtx.close();
});

/** codingProject makes a project with the RLC codebook, one coder and the interview assigned to them. */
async function codingProject(name, who) {
  const leadToken = await login(lead);
  const project = await api('POST', '/projects', leadToken, { name, description: '', researcherType: 'academic' });
  const pid = project.id;
  const cb0 = await api('GET', `/projects/${pid}/codebook`, leadToken);
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: cb0.version, template: 'rlc' });
  const coder = await join(pid, leadToken, who, 'peer');
  const info = await upload(pid, leadToken, 'Alex interview.txt', interview);
  await api('PATCH', `/projects/${pid}/transcripts/${info.id}`, leadToken, { version: info.version, assignedCoders: [coder.id] });
  return { pid, tid: info.id, cb, leadToken, coder, theme: (n) => cb.nodes.find((x) => x.level === 'theme' && x.name === n).id };
}

test('a memo typed just before the tab closes is kept: counted as not saved, guarded, sent as the page goes, replayed if it did not arrive', async () => {
  const who = { email: 'quick@example.org', password: 'typing then closing', name: 'Quinn Quick' };
  const { pid, tid, coder } = await codingProject('Quick close', who);
  const ctx = await newContext(tandem.browser);
  let page = await ctx.newPage();
  await signIn(page, tandem, who);
  const url = `${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`;
  await page.goto(url);
  await page.locator('.code-text .turn').first().waitFor();
  await selectWithMouse(page, 'I lead the Tuesday', 'art group');
  await page.getByRole('button', { name: 'Flexible', exact: true }).click();
  await saved(page);
  const memo = page.getByLabel('Memo');

  // The leave-page guard: a memo being typed is a change not saved yet. The
  // memo's request is held until the question was asked, so that a slow
  // machine (the accessibility check below takes a while) cannot let the
  // memo arrive before the tab is closed.
  let release;
  const released = new Promise((ok) => (release = ok));
  const excerptWrites = '**/codings/me/excerpts/**';
  await page.route(excerptWrites, async (route) => {
    await released;
    await route.continue();
  });
  await memo.pressSequentially('Leads');
  await page.locator('.save-state', { hasText: 'Saving… (1 change not saved yet)' }).waitFor();
  await check(page, 'k24-memo-pending');
  const asked = new Promise((ok, fail) => {
    const late = setTimeout(() => fail(new Error('closing with a memo not saved yet did not ask within 30 s')), 30_000);
    page.once('dialog', async (d) => {
      clearTimeout(late);
      ok(d.type());
      await d.dismiss(); // stay on the page
    });
  });
  await page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload', 'closing with a memo not saved yet asks first');
  release();
  await saved(page); // the coder stayed; the memo went once the typing paused
  await page.unroute(excerptWrites);

  // Hiding the tab (another app, the home screen) sends the memo at once, as a
  // request that outlives the page, without waiting for the typing to pause.
  const sent = await page.evaluate(async () => {
    const calls = [];
    const real = window.fetch;
    window.fetch = (input, init) => {
      calls.push({ method: init?.method, keepalive: !!init?.keepalive, excerpt: /\/excerpts\//.test(String(input)) });
      return real(input, init);
    };
    const box = document.getElementById('memo');
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(box, 'Leads the art group.');
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const typed = calls.length;
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 0));
    delete document.visibilityState;
    window.fetch = real;
    return { typed, calls };
  });
  assert.equal(sent.typed, 0, 'typing alone waits for a pause');
  assert.deepEqual(sent.calls, [{ method: 'PATCH', keepalive: true, excerpt: true }]);
  await saved(page);

  // Type, then close the tab at once, without the question.
  await memo.fill('Leads the art group: a sign of growing confidence.');
  await page.locator('.save-state', { hasText: 'not saved yet' }).waitFor();
  const typedAt = Date.now();
  await page.close({ runBeforeUnload: false });
  console.log(`# memo: tab closed ${Date.now() - typedAt} ms after the memo was typed`);
  const ex = async () => (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token)).excerpts;
  const before = (await ex())[0].memo;
  console.log(`# memo: on the server before the tab is reopened: ${JSON.stringify(before)} (${before ? 'sent as the page closed' : 'kept in the browser'})`);

  page = await ctx.newPage();
  await page.goto(url);
  await page.locator('.code-text .turn').first().waitFor();
  await saved(page);
  const after = await ex();
  assert.equal(after.length, 1, 'no excerpt added twice');
  assert.equal(after[0].memo, 'Leads the art group: a sign of growing confidence.');
  await page.locator('.code-text .hl').first().click();
  assert.equal(await page.getByLabel('Memo').inputValue(), 'Leads the art group: a sign of growing confidence.');
  assert.equal(await page.getByRole('alert').count(), 0, 'no change reported as refused');
  assert.equal(await page.getByText('Your coding was changed in another tab or device.').count(), 0, 'no conflict reported');

  // Offline when the tab closes: the memo waits in the browser and goes on the next visit.
  await ctx.setOffline(true);
  await page.getByLabel('Memo').fill('Written on the bus, offline.');
  await page.close({ runBeforeUnload: false });
  await ctx.setOffline(false);
  // As above: the request started as the tab closed may still arrive.
  const memoLate = (await quiet(async () => (await ex())[0].memo)) === 'Written on the bus, offline.';
  page = await ctx.newPage();
  await page.goto(url);
  if (memoLate) console.log('# memo: the request started as the tab closed offline arrived once back online; nothing to replay');
  else await page.getByText('1 change you made last time had not reached Tandem; it was sent now.').waitFor();
  await saved(page);
  assert.equal((await ex())[0].memo, 'Written on the bus, offline.');

  // A closed tab's changes that did reach the server (the answer was lost as
  // the tab closed) are replayed as nothing: no second excerpt, no error, no conflict.
  const [landed] = await ex();
  const key = `tandem.pending.${pid}.${tid}.${coder.id}.a-closed-tab`;
  await page.evaluate(
    ([key, e]) =>
      localStorage.setItem(
        key,
        JSON.stringify([
          { kind: 'add', excerpt: { id: e.id, start: e.start, end: e.end, themes: e.themes, memo: '' } },
          { kind: 'patch', id: e.id, change: { memo: e.memo } },
        ]),
      ),
    [key, landed],
  );
  const version = (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token)).version;
  await page.reload();
  await page.locator('.code-text .turn').first().waitFor();
  await saved(page);
  await page.waitForFunction((key) => localStorage.getItem(key) === null, key);
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token)).version, version, 'nothing was sent again');
  assert.deepEqual(await ex(), [landed]);
  assert.equal(await page.getByText(/had not reached Tandem/).count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.getByText('Your coding was changed in another tab or device.').count(), 0);
  await ctx.close();
});

test('the picker applies the theme whose name was typed; an excerpt shows all its themes; on a phone the panel is a sheet at the bottom', async () => {
  const who = { email: 'pick@example.org', password: 'names before definitions', name: 'Pat Picker' };
  const { pid, tid, cb, leadToken, coder, theme } = await codingProject('Picker and stripes', who);
  // A theme named "Relationship …" after one whose definition mentions relationships.
  const interpersonal = cb.nodes.find((n) => n.level === 'category' && n.name === 'Interpersonal').id;
  await api('POST', `/projects/${pid}/codebook/nodes`, leadToken, {
    version: cb.version,
    level: 'theme',
    parentId: interpersonal,
    name: 'Relationship between staff and members',
    colour: '#A8D5BA',
    brief: 'How staff and members get on.',
  });
  const rel = (await api('GET', `/projects/${pid}/codebook`, leadToken)).nodes.find((n) => n.name === 'Relationship between staff and members').id;
  const mine = async () => (await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token)).excerpts;

  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, who);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await page.locator('.code-text .turn').first().waitFor();

  // T, "Relationship", Enter: the theme of that name, not the one whose definition says "relationships".
  await selectWithMouse(page, 'Café mornings', 'talk to people again');
  await page.locator('.code-text').focus();
  await page.keyboard.press('t');
  await page.keyboard.type('Relationship');
  const options = page.getByRole('option');
  assert.match(await options.first().innerText(), /^Relationship between staff and members/);
  const social = page.getByRole('option', { name: /Enhanced social networks and activities/ });
  assert.match(await social.innerText(), /Found in the short definition: More relationships and social activities/);
  assert.equal(await page.getByRole('combobox').getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
  await check(page, 'k25-picker-definition-match');
  await page.keyboard.press('Enter');
  await saved(page);
  assert.deepEqual((await mine())[0].themes, [rel]);

  // A second theme: the highlight shows both (stripes with dark edges, a line in both colours) and names them.
  await page.getByRole('button', { name: 'Add a theme…' }).click();
  await page.getByRole('combobox').fill('enhanced');
  await page.keyboard.press('Enter');
  await saved(page);
  assert.deepEqual((await mine())[0].themes, [rel, theme('Enhanced social networks and activities')]);
  const seg = page.locator('.code-text .hl').first();
  const look = await seg.evaluate((el) => ({ image: getComputedStyle(el).backgroundImage, title: el.title }));
  assert.match(look.image, /repeating-linear-gradient\(135deg, rgb\(168, 213, 186\).*rgba\(28, 27, 25, 0.35\).*rgb\(/, 'a striped fill with edges');
  assert.equal(look.title, 'Relationship between staff and members, Enhanced social networks and activities');
  await page.getByText('Striped highlights have more than one theme.').waitFor();
  await page.locator('.sr-mark', { hasText: '[excerpt: Relationship between staff and members, Enhanced social networks and activities]' }).waitFor({ state: 'attached' });
  await page.locator('.here-list .chip', { hasText: 'Enhanced social networks and activities' }).waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.mouse.click(5, 5); // nothing chosen: the stripes show without the outline
  await check(page, 'k26-multi-theme');
  await page.screenshot({ path: joinPath(shots, 'k26-multi-theme-window.png') });

  // --- A phone: the panel is a bar at the bottom; applying a theme opens it on the excerpt. ---
  const phone = await newContext(tandem.browser, { viewport: { width: 390, height: 844 } });
  const pp = await phone.newPage();
  await signIn(pp, tandem, who);
  await pp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await pp.locator('.code-text .turn').first().waitFor();
  const bar = pp.getByRole('button', { name: /Open the coding panel/ });
  const inWindow = async (loc) => {
    const b = await loc.boundingBox();
    return b && b.y >= 0 && b.y + b.height <= 844;
  };
  assert.ok(await inWindow(bar), 'the panel’s bar is on screen');
  assert.equal(await pp.locator('#code-sheet').isVisible(), false, 'closed at first');
  await check(pp, 'k27-phone-workspace');
  await noSideways(pp, 'k27-phone-workspace');
  await selectWithMouse(pp, 'I have friends I see', 'outside the centre');
  await pp.locator('.sheet-bar').getByRole('button', { name: 'Apply a theme' }).click();
  await pp.getByRole('combobox').fill('friends');
  await pp.getByRole('option', { name: /Found in the plain-words description/ }).waitFor();
  await pp.keyboard.press('Enter');
  // Applied: the sheet opens on the new excerpt, its theme in view.
  await pp.getByRole('button', { name: /Close the coding panel/ }).waitFor();
  const editor = pp.locator('.excerpt-editor');
  assert.ok(await inWindow(editor.getByRole('heading', { name: 'Your excerpt' })), 'the new excerpt is in view');
  assert.ok(await inWindow(editor.locator('.chip', { hasText: 'Enhanced social networks and activities' })), 'its theme is in view');
  const sheetTop = (await pp.locator('.code-side').boundingBox()).y;
  const coded = await pp.locator('.code-text .hl', { hasText: 'outside the centre' }).last().boundingBox();
  assert.ok(coded.y >= 0 && coded.y + coded.height <= sheetTop, 'the text just coded stays in view above the sheet');
  await saved(pp);
  await check(pp, 'k28-phone-sheet-applied');
  await pp.screenshot({ path: joinPath(shots, 'k28-phone-sheet-applied-window.png') });
  // The memo box is reachable in the sheet; the sheet's bar says it is not saved yet.
  const memo = pp.getByLabel('Memo');
  await memo.scrollIntoViewIfNeeded();
  const box = await memo.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844 + 4, `the memo box can be reached (${JSON.stringify(box)})`);
  await memo.fill('Friends outside the centre.');
  await pp.locator('.sheet-save', { hasText: 'not saved yet' }).waitFor();
  await pp.screenshot({ path: joinPath(shots, 'k29-phone-memo-pending.png') });
  await saved(pp);
  assert.equal((await mine()).find((e) => e.themes[0] === theme('Enhanced social networks and activities')).memo, 'Friends outside the centre.');
  await pp.getByRole('button', { name: 'Done' }).click();
  assert.equal(await pp.locator('#code-sheet').isVisible(), false, 'Done closes the sheet');
  await noSideways(pp, 'k28-phone-sheet');

  // Radio buttons keep their size on a phone (the lead's blind/open switch).
  const leadPhone = await newContext(tandem.browser, { viewport: { width: 390, height: 844 } });
  const lp = await leadPhone.newPage();
  await signIn(lp, tandem, lead);
  await lp.goto(`${tandem.server.base}/projects/${pid}`);
  await lp.locator('.choice input[type=radio]').first().waitFor();
  const widths = await lp.locator('.choice input[type=radio]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
  assert.ok(widths.length >= 2 && widths.every((w) => w === widths[0] && w >= 20), `radio widths ${widths}`);
  await ctx.close();
  await phone.close();
  await leadPhone.close();
});

test('performance: a 20,000-word transcript with 2,000 excerpts from 4 coders', async () => {
  const leadToken = await login(lead);
  const project = await api('POST', '/projects', leadToken, { name: 'Big transcript', description: '', researcherType: 'academic' });
  const pid = project.id;
  const cb0 = await api('GET', `/projects/${pid}/codebook`, leadToken);
  const cb = await api('POST', `/projects/${pid}/codebook/template`, leadToken, { version: cb0.version, template: 'rlc' });
  const themes = cb.nodes.filter((n) => n.level === 'theme' && n.status === 'active').map((n) => n.id);
  const coders = [];
  for (let i = 0; i < 4; i++) {
    const who = { email: `coder${i}@example.org`, password: 'a long enough password', name: `Coder ${i + 1}` };
    coders.push({ ...who, ...(await join(pid, leadToken, who, i % 2 ? 'academic' : 'peer')) });
  }
  // 400 turns of 50 words: 20,000 words.
  const vocab = 'peer support group hope recovery friends centre lunch art talk judge listen welcome safe choose together learn share story home week'.split(' ');
  let seed = 7;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines = [];
  for (let i = 0; i < 400; i++) {
    const words = Array.from({ length: 50 }, () => vocab[rand(vocab.length)]);
    lines.push(`${i % 2 ? 'P1' : 'Interviewer'}: ${words.join(' ')}.`);
  }
  const info = await upload(pid, leadToken, 'Long interview.txt', lines.join('\n\n') + '\n');
  assert.ok(info.words >= 20000, `${info.words} words`);
  await api('PATCH', `/projects/${pid}/transcripts/${info.id}`, leadToken, { version: info.version, assignedCoders: coders.map((c) => c.id) });
  const t = await api('GET', `/projects/${pid}/transcripts/${info.id}`, leadToken);
  const len = t.chars || [...t.text].length;

  // 500 excerpts per coder, the 4 coders in parallel (each coder's writes in order, each with the last version).
  const seeded = Date.now();
  await Promise.all(
    coders.map(async (c, ci) => {
      let version = 0;
      for (let k = 0; k < 500; k++) {
        const turn = t.turns[(k * 4 + ci * 13 + rand(7)) % t.turns.length];
        const start = turn.start + rand(Math.max(1, turn.end - turn.start - 40));
        const end = Math.min(len, start + 20 + rand(400));
        const out = await api('POST', `/projects/${pid}/transcripts/${info.id}/codings/me/excerpts`, c.token, {
          version,
          id: crypto.randomUUID(),
          start,
          end,
          themes: [themes[rand(themes.length)], ...(k % 5 === 0 ? [themes[rand(themes.length)]] : [])],
        });
        version = out.version;
      }
    }),
  );
  console.log(`# perf: seeded 2,000 excerpts (4 coders x 500) through the API in ${Date.now() - seeded} ms`);

  const ctx = await newContext(tandem.browser);
  const page = await ctx.newPage();
  await signIn(page, tandem, coders[0]);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${info.id}/code`);
  await page.locator('.code-text .turn').first().waitFor();
  await page.getByLabel('Find a theme').waitFor();
  const marks = await page.evaluate(async () => {
    for (let i = 0; i < 100 && performance.getEntriesByName('tandem:workspace-painted').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const get = (n) => performance.getEntriesByName(n)[0]?.startTime;
    return { ready: get('tandem:workspace-ready'), painted: get('tandem:workspace-painted'), turns: document.querySelectorAll('.code-text .turn').length, hl: document.querySelectorAll('.code-text .hl').length };
  });
  assert.equal(marks.turns, t.turns.length);
  assert.ok(marks.hl > 400, `${marks.hl} highlighted segments`);
  console.log(`# perf: time to interactive (navigation start → text and codebook panel rendered and painted; 20,000 words, 400 turns, 500 own excerpts): ${Math.round(marks.painted)} ms (React commit at ${Math.round(marks.ready)} ms)`);

  // Keyboard: move the caret into the middle and time one caret step.
  await page.locator('.code-text').focus();
  for (let i = 0; i < 200; i++) await page.keyboard.press('PageDown');
  const stepMs = await page.evaluate(async () => {
    const el = document.querySelector('.code-text');
    const before = el.querySelector('.caret');
    const t0 = performance.now();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    for (let i = 0; i < 200 && el.querySelector('.caret') === before; i++) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  });
  console.log(`# perf: one caret step (word) in the middle of the transcript, key to caret painted: ${Math.round(stepMs)} ms`);

  // Select three words and apply a theme: key press → highlight painted.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('t');
  await page.keyboard.type('judg');
  await page.evaluate(() => {
    // The new excerpt starts in the selection (trimmed of white space): a segment there gains one more excerpt.
    const sels = [...document.querySelectorAll('.code-text .sel')];
    const s = Number(sels[0].dataset.s);
    const e = Number(sels[sels.length - 1].dataset.e);
    const before = Math.max(...sels.map((x) => Number(x.dataset.n ?? 0)));
    window.__applied = new Promise((resolve) => {
      let pressed = 0;
      document.addEventListener('keydown', (ev) => (pressed = ev.timeStamp), { capture: true, once: true });
      const done = () =>
        [...document.querySelectorAll('.code-text [data-s]')].some(
          (x) => !x.classList.contains('sel') && Number(x.dataset.s) >= s && Number(x.dataset.s) < e && Number(x.dataset.n ?? 0) > before,
        );
      const obs = new MutationObserver(() => {
        if (done()) {
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - pressed)));
        }
      });
      obs.observe(document.querySelector('.code-text'), { subtree: true, childList: true, attributes: true });
      setTimeout(() => resolve(-1), 10_000);
    });
  });
  await page.keyboard.press('Enter');
  const applyMs = await page.evaluate(() => window.__applied);
  assert.ok(applyMs >= 0, 'the highlight appeared');
  await saved(page);
  console.log(`# perf: apply a theme (Enter in the picker → highlight painted), 500 own excerpts shown: ${Math.round(applyMs)} ms`);

  // Typing a memo: every key goes into the save queue; key → character painted.
  await page.getByLabel('Memo').focus();
  const keyMs = [];
  for (const ch of 'Peer support.') {
    await page.evaluate(() => {
      const box = document.getElementById('memo');
      const was = box.value;
      window.__typed = new Promise((resolve) => {
        let pressed = 0;
        document.addEventListener('keydown', (ev) => (pressed = ev.timeStamp), { capture: true, once: true });
        const poll = () => (box.value !== was ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - pressed))) : requestAnimationFrame(poll));
        poll();
      });
    });
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    keyMs.push(await page.evaluate(() => window.__typed));
  }
  await saved(page);
  keyMs.sort((a, b) => a - b);
  console.log(`# perf: type a memo, key → character painted (13 keys, 500 own excerpts shown): median ${Math.round(keyMs[6])} ms, slowest ${Math.round(keyMs[12])} ms`);

  // The lead shows everyone's excerpts: all 2,000 at once.
  const leadCtx = await newContext(tandem.browser);
  const lp = await leadCtx.newPage();
  await signIn(lp, tandem, lead);
  await lp.goto(`${tandem.server.base}/projects/${pid}/transcripts/${info.id}/code`);
  await lp.locator('.code-text .turn').first().waitFor();
  const leadReady = await lp.evaluate(async () => {
    for (let i = 0; i < 100 && performance.getEntriesByName('tandem:workspace-painted').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    return performance.getEntriesByName('tandem:workspace-painted')[0]?.startTime;
  });
  const toggleMs = await lp.evaluate(async () => {
    const box = [...document.querySelectorAll('input[type=checkbox]')].find((i) => i.parentElement.textContent.includes('Show the other coders'));
    const t0 = performance.now();
    box.click();
    for (let i = 0; i < 400 && document.querySelectorAll('.code-text .sr-mark').length < 3000; i++) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return performance.now() - t0;
  });
  const marksShown = await lp.locator('.code-text .sr-mark').count();
  console.log(`# perf: lead opens the workspace: ${Math.round(leadReady)} ms; shows all 4 coders' 2,000 excerpts (${marksShown} labels) in ${Math.round(toggleMs)} ms`);
  // Laying the excerpts out over the turns (assignLayers and segmentsByTurn in src/coding/coding.ts), once all are shown.
  const layout = await lp.evaluate(() => {
    const m = performance.getEntriesByName('tandem:segments').at(-1);
    return m && { ms: m.duration, ...m.detail };
  });
  console.log(`# perf: lay out ${layout.excerpts} excerpts over ${layout.turns} turns (highlight segments): ${layout.ms.toFixed(1)} ms`);
  // The full page is 60,000 pixels tall: a picture of the middle of it, not all of it.
  await check(lp, 'k20-perf-all-coders', { fullPage: false });
  await lp.locator('.code-text .turn').nth(200).scrollIntoViewIfNeeded();
  await lp.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await lp.waitForTimeout(300);
  await lp.screenshot({ path: joinPath(shots, 'k20-perf-all-coders.png') });
  await leadCtx.close();
  await ctx.close();
});

test('a newcomer tries the sample project: coded and submitted by two demo coders', async () => {
  const ctx = await newContext(tandem.browser);
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.getByRole('heading', { name: 'New to Tandem?' }).waitFor();
  await page.getByRole('button', { name: 'Try a sample project' }).click();
  await page.getByRole('heading', { name: 'Who has coded what' }).waitFor();
  assert.match(page.url(), /\/projects\/[^/]+$/);
  assert.ok((await page.locator('.progress-table tbody tr').count()) >= 3, 'three sample transcripts');
  assert.ok((await page.locator('.progress-table .status-done').count()) >= 6, 'two demo coders submitted each');
  await check(page, 'k21-sample-project');
  // Open one in the workspace with everyone's coding shown.
  await page.locator('.progress-table tbody th a').first().click();
  await page.getByRole('link', { name: /Code this transcript/ }).click();
  await page.locator('.code-text, .content-note').first().waitFor();
  const show = page.getByRole('button', { name: 'Show the transcript' });
  if (await show.count()) await show.click();
  await page.getByLabel(/Show the other coders’ excerpts/).check();
  assert.ok((await page.locator('.code-text .hl').count()) > 0, 'the demo coders’ highlights show');
  await check(page, 'k22-sample-workspace');
  // Find every passage coded with a theme, with the words around it.
  await page.getByRole('link', { name: 'Project home' }).click();
  await page.getByRole('link', { name: 'Find coded text' }).click();
  await page.getByLabel('Theme, category or domain').selectOption({ label: '— — Flexible' });
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('heading', { name: /4 passages coded with “Flexible”/ }).waitFor();
  assert.equal(await page.locator('.retrieved > li').count(), 4);
  assert.match(await page.locator('.retrieved mark').first().innerText(), /bad few days/);
  await check(page, 'k23-find-flexible');
  await page.getByLabel('Takes part as').selectOption('academic');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('heading', { name: /2 passages coded with “Flexible”/ }).waitFor();
  await page.setViewportSize({ width: 550, height: 800 });
  await noSideways(page, 'find at 200%');
  await ctx.close();
});

test('names removed while a coder has the workspace open: the next save loads the new text, and the coding stays on its words', async () => {
  const who = { email: 'open@example.org', password: 'coding while names go', name: 'Olu Open' };
  const { pid, tid, leadToken, coder } = await codingProject('Names removed while coding', who);
  const ctx = await newContext(tandem.browser);
  const page = await ctx.newPage();
  await signIn(page, tandem, who);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await page.locator('.code-text .turn').first().waitFor();
  await selectWithMouse(page, 'I lead the Tuesday', 'art group');
  await page.getByRole('button', { name: 'Flexible', exact: true }).click();
  await saved(page);

  // The lead replaces two words while the coder's tab shows the old text.
  const t = await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken);
  const cps = [...t.text];
  const span = (w) => {
    const i = t.text.indexOf(w);
    const start = [...t.text.slice(0, i)].length;
    return { start, end: start + [...w].length };
  };
  await api('POST', `/projects/${pid}/transcripts/${tid}/redactions`, leadToken, {
    version: t.textVersion,
    replacements: [
      { ...span('ward'), with: '[PLACE]' },
      { ...span('Tuesday'), with: '[DAY]' },
    ],
  });
  assert.ok(cps.length > 0);

  // The coder goes on coding on the text they see: the save is moved to the
  // same words, the text is loaded again, and they are told why.
  await selectWithMouse(page, 'Café mornings', 'people again');
  await page.getByRole('button', { name: 'Flexible', exact: true }).click();
  await page.getByText('A lead removed names from this transcript, so the text was loaded again. Your coding stays on the same words.').waitFor();
  await saved(page);
  await page.locator('.code-text', { hasText: 'I lead the [DAY] art group' }).waitFor();
  const after = await api('GET', `/projects/${pid}/transcripts/${tid}`, leadToken);
  const set = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token);
  const words = set.excerpts.map((x) => [...after.text].slice(x.start, x.end).join('')).sort();
  assert.deepEqual(words, ['Café mornings helped me talk to people again', 'I lead the [DAY] art group']);
  // (A highlight may be drawn in pieces, around the caret for one.)
  const drawn = (await highlighted(page)).replaceAll('|', '');
  assert.ok(drawn.includes('I lead the [DAY] art group') && drawn.includes('Café mornings helped me talk to people again'), drawn);
  await check(page, 'k30-names-removed-while-coding');
  await ctx.close();
});

/** selectWithTouch selects from the start of `from` to the end of `to` as a
 * touch screen does: a touch on the text, then the browser's selection
 * handles (set here directly: a long press cannot be simulated), with no
 * mouse-up afterwards. */
async function selectWithTouch(page, from, to) {
  const at = await page.evaluate((from) => {
    const walker = document.createTreeWalker(document.querySelector('.code-text'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest('[data-s]') || !n.data.includes(from)) continue;
      n.parentElement.scrollIntoView({ block: 'center' });
      const b = n.parentElement.getBoundingClientRect();
      return { x: b.left + 2, y: b.top + b.height / 2 };
    }
    return null;
  }, from);
  assert.ok(at, `could not find “${from}” in the text`);
  await page.touchscreen.tap(at.x, at.y);
  await page.evaluate(
    ([from, to]) => {
      const walker = document.createTreeWalker(document.querySelector('.code-text'), NodeFilter.SHOW_TEXT);
      let start = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.parentElement.closest('[data-s]')) continue;
        if (!start && n.data.includes(from)) start = [n, n.data.indexOf(from)];
        if (start && n.data.includes(to)) {
          document.getSelection().setBaseAndExtent(start[0], start[1], n, n.data.indexOf(to) + to.length);
          return;
        }
      }
    },
    [from, to],
  );
}

test('on a touch screen, selecting text with the handles (no mouse) is enough to apply a theme', async () => {
  const who = { email: 'touch@example.org', password: 'coding on my phone', name: 'Tami Touch' };
  const { pid, tid, coder, theme } = await codingProject('Coding by touch', who);
  const ctx = await newContext(tandem.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, who);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tid}/code`);
  await page.locator('.code-text .turn').first().waitFor();
  await selectWithTouch(page, 'Nobody asks', 'where I was.');
  await page.locator('.sheet-bar', { hasText: 'Nobody asks where I was.' }).waitFor();
  await page.locator('.sheet-bar').getByRole('button', { name: 'Apply a theme' }).click();
  await page.getByRole('combobox').fill('Judgment');
  await page.keyboard.press('Enter');
  await saved(page);
  const set = await api('GET', `/projects/${pid}/transcripts/${tid}/codings/me`, coder.token);
  const t = await api('GET', `/projects/${pid}/transcripts/${tid}`, coder.token);
  assert.deepEqual(
    set.excerpts.map((x) => [[...t.text].slice(x.start, x.end).join(''), x.themes]),
    [['Nobody asks where I was.', [theme('Judgment-free')]]],
  );
  // A tap on the excerpt chooses it, as a click does.
  await page.getByRole('button', { name: 'Done' }).click();
  const hl = await page.locator('.code-text .hl', { hasText: 'Nobody asks' }).first().boundingBox();
  await page.touchscreen.tap(hl.x + hl.width / 2, hl.y + hl.height / 2);
  await page.locator('.sheet-bar', { hasText: 'Your excerpt: Judgment-free' }).waitFor();
  await check(page, 'k31-touch-coding');
  await ctx.close();
});
