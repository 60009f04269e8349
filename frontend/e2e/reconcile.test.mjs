// Reconciliation phases in a real browser: a lead opens the sample project
// (two demo coders who coded and submitted three interviews), reveals every
// submitted transcript at once, starts reconciling one, is asked before
// locking it with disagreements left, locks it anyway, unlocks it with a
// reason, and reads the page on a phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, keep, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);

test('a lead moves transcripts through the phases', async () => {
  const session = await api('POST', '/auth/login', null, { email: lead.email, password: lead.password });
  const token = session.accessToken;
  const pid = (await api('POST', '/projects/sample', token)).id;
  const transcripts = await api('GET', `/projects/${pid}/transcripts`, token);
  assert.ok(transcripts.length >= 2 && transcripts.every((t) => t.phase === 'independent'));
  const title = transcripts[0].title;
  const tid = transcripts[0].id;

  const ctx = await newContext(tandem.browser, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('heading', { name: 'All transcripts at once' }).waitFor();
  await page.getByRole('columnheader', { name: 'Phase' }).waitFor();
  await check(page, 'r1-phases-independent');
  keep('r1-phases-independent');

  // Reveal every submitted transcript at once.
  await page.getByRole('button', { name: 'Reveal all submitted' }).click();
  await page.getByText(`Revealed ${transcripts.length} transcripts:`).waitFor();
  for (const t of await api('GET', `/projects/${pid}/transcripts`, token)) assert.equal(t.phase, 'revealed');
  await page.getByRole('button', { name: `Start reconciling “${title}”` }).waitFor();
  await check(page, 'r2-revealed');
  keep('r2-revealed');

  // Start reconciling one: the consensus is seeded, the coders' work frozen.
  await page.getByRole('button', { name: `Start reconciling “${title}”` }).click();
  await page.getByText(`You are reconciling “${title}”.`).waitFor();
  const info = (await api('GET', `/projects/${pid}/transcripts`, token)).find((t) => t.id === tid);
  assert.equal(info.phase, 'reconciling');
  assert.equal(info.hasConsensus, true);
  const queue = await api('GET', `/projects/${pid}/transcripts/${tid}/queue`, token);
  assert.ok(queue.disagreements > 0, 'the sample coders disagree somewhere');

  // Locking with disagreements left asks first; "Not yet" keeps it open.
  await page.getByRole('button', { name: `Lock “${title}”` }).click();
  const question = page.getByRole('group', { name: `Lock “${title}” anyway?` });
  await question.getByText(`not decided yet`).waitFor();
  assert.match(await question.innerText(), new RegExp(`${queue.disagreements} disagreements? (is|are) not decided yet`));
  await check(page, 'r3-lock-asks');
  keep('r3-lock-asks');
  await question.getByRole('button', { name: 'Lock anyway' }).click();
  await page.getByText(`“${title}” is locked.`).waitFor();
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}`, token)).phase, 'locked');

  // Unlocking needs a reason, which goes to the audit log.
  await page.getByRole('button', { name: `Unlock “${title}”` }).click();
  const form = page.getByRole('form', { name: `Unlock “${title}”` });
  await form.getByRole('button', { name: 'Unlock' }).click();
  await page.getByText('Write why you unlock this transcript.').waitFor();
  await check(page, 'r4-unlock-reason');
  keep('r4-unlock-reason');
  await form.getByLabel('Why do you unlock it?').fill('Sam found a passage we missed.');
  await form.getByRole('button', { name: 'Unlock' }).click();
  await page.getByText(`“${title}” is unlocked. Your reason is in the audit log.`).waitFor();
  const audit = await api('GET', `/projects/${pid}/audit`, token);
  assert.ok(JSON.stringify(audit).includes('Sam found a passage we missed.'));

  // Nothing is ready to lock while disagreements are open.
  await page.getByRole('button', { name: 'Lock all reconciled' }).click();
  await page.getByText('No transcript was ready to lock').waitFor();
  assert.equal((await api('GET', `/projects/${pid}/transcripts/${tid}`, token)).phase, 'reconciling');

  // On a phone the table stacks and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('heading', { name: 'All transcripts at once' }).waitFor();
  await check(page, 'r5-phone');
  keep('r5-phone');
  await noSideways(page, 'r5-phone');
  await page.getByRole('heading', { name: 'Who has coded what' }).scrollIntoViewIfNeeded();
  await check(page, 'r6-phone-phases', { fullPage: false });
  keep('r6-phone-phases');
  await ctx.close();
});
