// Removing names after coding has started, in a real browser: the lead sees
// up front how much coding holds the words, that a speaker label names
// someone, replaces the names, renames the speaker, and every coder's
// excerpts still cover the same words; a pseudonym put in is not suggested
// again. Desktop and phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, newContext } from './browser.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem, uploadOf } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const join = joinOf(api);
const login = loginOf(api);
const upload = uploadOf(api);

const interview = `Interviewer: Thanks for coming. How did you find Harbour Lights?
Priya S: My sister Maria told me. Maria goes there on Tuesdays.
Interviewer: What was it like at first?
Priya S: Scary. Then Maria and I met Joe at Harbour Lights, and Joe showed me the cafe.
`;

/** wordsOf reads the words under each excerpt of a set. */
const wordsOf = (text, set) => {
  const cps = [...text];
  return Object.fromEntries(set.excerpts.map((x) => [x.id, cps.slice(x.start, x.end).join('')]));
};

test('a lead removes names after two coders coded the interview', async () => {
  const token = await login(lead);
  const project = await api('POST', '/projects', token, { name: 'Harbour study' });
  const pid = project.id;
  const cb = await api('POST', `/projects/${pid}/codebook/template`, token, { version: 0, template: 'rlc' });
  const theme = cb.nodes.find((n) => n.level === 'theme').id;
  const peer = await join(pid, token, { email: 'kim@example.org', password: 'hope and connection', name: 'Kim Peer' }, 'peer');
  const academic = await join(pid, token, { email: 'lee@example.org', password: 'careful reading every day', name: 'Lee Academic' }, 'academic');
  const tr = await upload(pid, token, 'harbour.txt', interview);
  const t0 = await api('GET', `/projects/${pid}/transcripts/${tr.id}`, token);
  await api('PATCH', `/projects/${pid}/transcripts/${tr.id}`, token, { version: t0.version, assignedCoders: [peer.id, academic.id] });
  // Each coder codes a passage that holds a name, and one that does not.
  const cps = [...t0.text];
  const at = (s) => cps.join('').indexOf(s); // ASCII text: code points = UTF-16 here
  const span = (s) => [at(s), at(s) + s.length];
  const code = async (who, version, s) =>
    (await api('POST', `/projects/${pid}/transcripts/${tr.id}/codings/me/excerpts`, who.token, { version, start: span(s)[0], end: span(s)[1], themes: [theme] })).version;
  let v = await code(peer, 0, 'My sister Maria told me.');
  await code(peer, v, 'showed me the cafe');
  v = await code(academic, 0, 'Then Maria and I met Joe');
  await code(academic, v, 'Scary.');
  const before = {};
  for (const who of [peer, academic]) Object.assign(before, wordsOf(t0.text, await api('GET', `/projects/${pid}/transcripts/${tr.id}/codings/me`, who.token)));

  {
    const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signIn(page, tandem, lead);
    await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tr.id}/deidentify`);
    await page.getByRole('heading', { name: /Suggestions/ }).waitFor();
    await page.getByText('Coding has started: every excerpt is adjusted so that it still covers the same words.').waitFor();
    // Maria (a capitalised word that recurs) is not ticked at first: tick it.
    await page.getByRole('checkbox', { name: /Maria/ }).check();
    await page.getByText('2 excerpts by 2 coders hold these words and will be adjusted to hold the replacement.').waitFor();
    await page.getByLabel('Replace “Maria” with').selectOption('');
    await page.getByLabel('Pseudonym for “Maria”').fill('Rosa');
    // The speaker label names the participant.
    await page.getByText('Speaker labels that may name someone').waitFor();
    assert.equal(await page.getByLabel('“Priya S” (2 turns) becomes').inputValue(), 'Participant');
    await check(page, 'd01-deidentify-coded');
    await page.getByRole('button', { name: 'Replace 3 places' }).click();
    await page.getByRole('button', { name: 'Yes, replace' }).click();
    await page.getByText('3 places were replaced. The original words are not kept. The coding that held them was adjusted.').waitFor();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('The speaker “Priya S” is now “Participant”.').waitFor();
    // Rosa, put in for Maria, is not suggested as a name now, nor is the label.
    // The suggestions are read again after the rename: the label goes (waited for, as
    // the page reloads them after saying so), then Rosa is not among them.
    await page.getByText('Speaker labels that may name someone').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('checkbox', { name: /Rosa/ }).count(), 0);
    await check(page, 'd02-deidentify-after');
    await ctx.close();
  }

  // Every excerpt covers the same words, with the names replaced.
  const after = await api('GET', `/projects/${pid}/transcripts/${tr.id}`, token);
  assert.ok(!after.text.includes('Maria') && after.text.includes('Rosa'), after.text);
  assert.ok(!after.turns.some((t) => t.speaker === 'Priya S'));
  for (const who of [peer, academic]) {
    const words = wordsOf(after.text, await api('GET', `/projects/${pid}/transcripts/${tr.id}/codings/me`, who.token));
    for (const [id, w] of Object.entries(words)) {
      const want = before[id].replaceAll('Maria', 'Rosa');
      assert.equal(w, want, `excerpt ${id}`);
    }
  }
  // The audit log says how much coding was adjusted, not which words.
  const audit = await api('GET', `/projects/${pid}/audit`, token);
  const line = audit.entries.find((e) => e.action === 'transcript.redacted');
  assert.match(line.summary, /held replaced words and were adjusted/);
  assert.ok(!JSON.stringify(audit).includes('Maria'));

  // Phone: the page reads well narrow, after coding too.
  const ctx = await newContext(tandem.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}/transcripts/${tr.id}/deidentify`);
  await page.getByRole('heading', { name: /Suggestions/ }).waitFor();
  await check(page, 'd03-deidentify-phone');
  await ctx.close();
});
