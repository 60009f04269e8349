// Figures and text in a real browser: the agreement header counts what the
// figures use, "Find coded text" shows each turn of a passage with its
// speaker and cuts the words around it at word boundaries, a long name gets
// a counter and a clear refusal instead of being cut, and text with a
// control character is refused at the field. With TANDEM_SHOTS set, the
// pages are also saved there at desktop (1280x800) and phone (390x844) size.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const shotsDir = process.env.TANDEM_SHOTS;
if (shotsDir) mkdirSync(shotsDir, { recursive: true });

/** sizes checks the page (axe) at desktop and phone size, with no sideways
 * scrolling on the phone; when TANDEM_SHOTS is set it saves a picture of
 * each, scrolled to what the test is about (focus, a locator). */
async function sizes(page, name, focus) {
  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    await page.setViewportSize(viewport);
    await focus.first().waitFor();
    await check(page, `${name}-${label}`);
    if (label === 'phone') await noSideways(page, `${name}-phone`);
    if (shotsDir) {
      await focus.first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, -16));
      await page.screenshot({ path: join(shotsDir, `${name}-${label}.png`) });
    }
  }
  await page.setViewportSize({ width: 1100, height: 800 });
}

// How the page writes a passage (src/coding/retrieval.ts).
function passageLine(t) {
  const parts = [t.before, t.text, t.after];
  if (t.cutStart) {
    const i = parts.findIndex((p) => p !== '');
    if (i >= 0) parts[i] = '…' + parts[i];
  }
  if (t.cutEnd) {
    const i = parts.findLastIndex((p) => p !== '');
    if (i >= 0) parts[i] += '…';
  }
  return (t.speaker ? `${t.speaker}: ` : '') + parts.join('');
}

test('figures count what they use, passages show speakers, long and broken text is refused', async () => {
  const session = await api('POST', '/auth/login', null, { email: lead.email, password: lead.password });
  const token = session.accessToken;
  const project = await api('POST', '/projects/sample', token);
  const pid = project.id;
  // An interview nobody has coded yet: chosen, but not compared.
  const form = new FormData();
  form.append('files', new Blob(['Interviewer: How was the week?\n\nDana: Quiet, and that was fine.\n'], { type: 'text/plain' }), 'Not coded yet.txt');
  assert.ok((await api('POST', `/projects/${pid}/transcripts`, token, form)).results[0].ok);
  const report = await api('GET', `/projects/${pid}/agreement?draws=0`, token);
  assert.equal(report.transcripts.length, report.comparedTranscripts + 1, 'the new interview is chosen but not compared');
  assert.ok(report.comparedUnits < report.units, 'its turns are not among the units compared');
  for (const t of report.themes) assert.equal(t.units, report.comparedUnits, `${t.name} is computed over the compared units`);

  const ctx = await newContext(tandem.browser);
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);

  // The agreement header: the interviews and units the figures use.
  await page.goto(`${tandem.server.base}/projects/${pid}/agreement`);
  const summary = page.getByRole('group', { name: 'Summary' });
  await summary.getByText(`${report.comparedTranscripts} interviews · ${report.comparedUnits} turns`).waitFor();
  await summary.getByText('1 more interview is not counted: fewer than two coders have submitted their coding of it.').waitFor();
  assert.ok(!(await summary.innerText()).includes(`${report.units} turns`), 'the header does not count the turns of the interview left out');
  await page.locator('table.ag-themes tbody tr').first().waitFor();
  await sizes(page, 'f01-agreement-header', summary);

  // Find coded text: each turn of the passage with its speaker.
  const cb = await api('GET', `/projects/${pid}/codebook`, token);
  const flexible = cb.nodes.find((n) => n.name === 'Flexible');
  const found = await api('GET', `/projects/${pid}/retrieval?node=${flexible.id}&context=160`, token); // as the page asks
  await page.goto(`${tandem.server.base}/projects/${pid}/find`);
  await page.getByLabel('Theme, category or domain').selectOption({ label: '— — Flexible' });
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('heading', { name: new RegExp(`${found.total} passages coded with “Flexible”`) }).waitFor();
  const shown = await page.locator('.retrieved > li blockquote').evaluateAll((qs) => qs.map((q) => [...q.querySelectorAll('p')].map((p) => p.innerText.replace(/\s+/g, ' ').trim())));
  assert.equal(shown.length, found.excerpts.length);
  let speakers = 0;
  for (const [i, e] of found.excerpts.entries()) {
    assert.deepEqual(
      shown[i],
      e.passage.map((t) => passageLine(t).replace(/\s+/g, ' ').trim()),
      `passage ${i + 1}`,
    );
    speakers += e.passage.filter((t) => t.speaker).length;
    assert.ok(e.passage.some((t) => t.text), `passage ${i + 1} holds its excerpt`);
  }
  assert.ok(speakers > 0, 'the passages name their speakers');
  await sizes(page, 'f02-find-coded-text', page.locator('#found-title'));

  // A long name: a counter near the limit, a clear refusal over it, nothing cut.
  await page.goto(`${tandem.server.base}/projects/${pid}/codebook`);
  await page.getByRole('button', { name: /Category: Atmosphere/ }).click();
  await page.getByRole('button', { name: 'Add a theme to Atmosphere' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Feeling welcome '.repeat(16).slice(0, 250));
  await page.getByText('250 of 255 characters', { exact: true }).waitFor();
  const long = 'Feeling welcome and accepted by the other members, whatever the day brings, week after week, as one! '.repeat(3).slice(0, 255);
  await name.fill(long + ' always'); // 262 characters
  await page.getByText('262 of 255 characters: 7 too many. Shorten it, please.').waitFor();
  assert.equal((await name.inputValue()).length, 262, 'nothing is cut while typing');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Add the theme' }).click();
  await page.locator('.field-error', { hasText: 'The name can be at most 255 characters; this one has 262.' }).waitFor();
  assert.equal((await api('GET', `/projects/${pid}/codebook`, token)).version, cb.version, 'the refused theme changed nothing');
  await sizes(page, 'f03-long-name', page.locator('.field', { has: name }));

  // A control character pasted into a definition is refused at the field;
  // Word's manual line break becomes a line break.
  await name.fill('Welcome');
  await page.getByLabel('Short definition').fill('Members feel\u0007 welcome');
  await page.getByRole('button', { name: 'Add the theme' }).click();
  await page.locator('.field-error', { hasText: 'The short definition has an invisible control character after “Members feel”' }).waitFor();
  assert.equal((await api('GET', `/projects/${pid}/codebook`, token)).version, cb.version);
  await page.getByLabel('Short definition').fill('Members feel welcome\u000bfrom the first day');
  await page.getByRole('button', { name: 'Add the theme' }).click();
  await page.getByRole('heading', { name: 'Theme: Welcome' }).waitFor();
  const added = (await api('GET', `/projects/${pid}/codebook`, token)).nodes.find((n) => n.name === 'Welcome');
  assert.equal(added.brief, 'Members feel welcome\nfrom the first day');
  await ctx.close();
});
