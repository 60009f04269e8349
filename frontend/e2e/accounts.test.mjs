// Accounts and projects in a real browser: a signed-out page makes no failing
// request; the instance admin makes a password reset link that the person
// uses to choose a new password (their other sessions end); a lead deletes a
// project after typing its name; the only lead is not offered to step down or
// leave, and a refused change shows the role the server kept. Each page is
// checked with axe at desktop (1280x800) and phone (390x844) sizes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join as joinPath } from 'node:path';
import { check, newContext, noSideways, shots } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const login = async (who) => (await api('POST', '/auth/login', null, { email: who.email, password: who.password })).accessToken;

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

/** atBothSizes checks the page with axe and saves screenshots at desktop and
 * phone sizes (name-desktop.png, name-phone.png); the part (the whole page
 * unless given) must not scroll sideways. */
async function atBothSizes(page, name, part = null) {
  for (const [size, viewport] of [['desktop', desktop], ['phone', phone]]) {
    await page.setViewportSize(viewport);
    await check(page, `${name}-${size}`);
    if (!part) {
      await noSideways(page, `${name}-${size}`);
      continue;
    }
    await part.screenshot({ path: joinPath(shots, `${name}-${size}-part.png`) });
    const { scroll, client } = await part.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(scroll <= client + 1, `${name}-${size}: the part is ${scroll}px wide in ${client}px`);
  }
  await page.setViewportSize(desktop);
}

/** join makes an account through an invitation to pid and returns it with its token and id. */
async function join(pid, leadToken, who, role = 'coder') {
  const inv = await api('POST', `/projects/${pid}/invitations`, leadToken, { role, expiresInHours: 24, note: who.name });
  await api('POST', `/invitations/${inv.token}/accept`, null, { researcherType: 'peer', name: who.name, email: who.email, password: who.password });
  const token = await login(who);
  return { ...who, token, id: (await api('GET', '/me', token)).id };
}

/** watchFailures records the failed requests and console errors of a page. */
function watchFailures(page) {
  const failures = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`);
  });
  return failures;
}

test('a signed-out page asks for no session it does not have', async () => {
  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  const failures = watchFailures(page);
  const refreshes = [];
  page.on('request', (r) => r.url().endsWith('/api/v1/auth/refresh') && refreshes.push(r.url()));
  for (const path of ['/login', '/reset', '/login']) {
    await page.goto(tandem.server.base + path);
    await page.getByRole('heading', { level: 1 }).waitFor();
  }
  await page.getByText('Forgot your password? Ask the person who runs Tandem').waitFor();
  assert.deepEqual(failures, [], 'no failed request and no console error on signed-out pages');
  assert.equal(refreshes.length, 0, 'no /auth/refresh without a sign of a session');

  // Signed in, a reload restores the session with one refresh; signed out again, none.
  await signIn(page, tandem, lead);
  await page.reload();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  assert.equal(refreshes.length, 1);
  assert.equal(await page.evaluate(() => document.cookie.includes('tandem_refresh')), false, 'the refresh cookie stays HttpOnly');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  assert.equal(refreshes.length, 1, 'no refresh after signing out');
  assert.deepEqual(failures, []);
  await ctx.close();
});

test('the admin makes a reset link, and the person chooses a new password with it', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Reset study', researcherType: 'academic' })).id;
  const sam = await join(pid, leadToken, { name: 'Sam Peer', email: 'sam.reset@example.org', password: 'hope and connection' });

  // Sam is signed in on a laptop (this browser), and forgot the password on another computer.
  const laptopCtx = await newContext(tandem.browser, { viewport: desktop });
  const laptop = await laptopCtx.newPage();
  await signIn(laptop, tandem, sam);

  const adminCtx = await newContext(tandem.browser, { viewport: desktop });
  const admin = await adminCtx.newPage();
  await signIn(admin, tandem, lead);
  await admin.getByRole('link', { name: 'Accounts' }).click();
  await admin.getByRole('button', { name: 'Make a reset link for Sam Peer' }).click();
  const link = await admin.getByLabel('Password reset link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/reset#token=\S+$/);
  assert.equal(await admin.evaluate(() => document.activeElement?.getAttribute('readonly')), '', 'the focus is on the new link');
  await admin.getByText('it is shown only this once').waitFor();
  await admin.getByRole('button', { name: 'Copy the link' }).click();
  await admin.getByText('The link is copied.').waitFor();
  assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), link);
  await admin.getByRole('cell', { name: /Ada|Robin Lead made a password reset link for Sam Peer/ }).waitFor();
  await atBothSizes(admin, 'accounts-admin-reset-link');

  // Sam opens the link on another computer.
  const otherCtx = await newContext(tandem.browser, { viewport: desktop });
  const other = await otherCtx.newPage();
  const failures = watchFailures(other);
  await other.goto(link);
  await other.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await other.getByText('sam.reset@example.org').waitFor();
  // A mistyped second box: the problem is said on that box.
  await other.getByLabel('New password', { exact: true }).fill('a fresh start for sam');
  await other.getByLabel('Type the new password again').fill('a fresh start for sma');
  await other.getByRole('button', { name: 'Save my new password' }).click();
  const confirmBox = other.getByLabel('Type the new password again');
  await other.getByText('This is not the same as the password above.').waitFor();
  assert.equal(await confirmBox.getAttribute('aria-invalid'), 'true');
  const describedBy = await confirmBox.getAttribute('aria-describedby');
  assert.match(await other.locator(`[id="${describedBy}"]`).textContent(), /not the same as the password above/);
  assert.equal(await other.getByLabel('New password', { exact: true }).getAttribute('aria-invalid'), null);
  assert.equal(await other.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'the focus goes to the box to fix');
  await atBothSizes(other, 'accounts-reset-page');
  await confirmBox.fill('a fresh start for sam');
  await other.getByRole('button', { name: 'Save my new password' }).click();
  await other.getByRole('heading', { name: 'Your projects' }).waitFor();
  await other.getByRole('status').filter({ hasText: 'Your new password is saved, and you are signed in.' }).waitFor();
  assert.ok(!other.url().includes('token='), 'the used token leaves the address bar');
  assert.deepEqual(failures, []);

  // The laptop's session has ended: its next move signs Sam out.
  await laptop.getByRole('link', { name: 'My account' }).click();
  await laptop.reload();
  await laptop.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();

  // The link works once.
  const againCtx = await newContext(tandem.browser, { viewport: desktop });
  const again = await againCtx.newPage();
  await again.goto(link);
  await again.getByRole('heading', { name: 'This link does not work' }).waitFor();
  await again.getByRole('alert').filter({ hasText: 'ask the person who runs Tandem for your team for a new one' }).waitFor();
  await check(again, 'accounts-reset-used');

  // The new password signs in; the instance log says the link was used.
  await signIn(again, tandem, { ...sam, password: 'a fresh start for sam' });
  await admin.reload();
  await admin.getByRole('cell', { name: 'Sam Peer chose a new password with a reset link' }).waitFor();
  for (const c of [laptopCtx, adminCtx, otherCtx, againCtx]) await c.close();
});

test('a lead deletes a project after typing its name', async () => {
  const leadToken = await login(lead);
  const sample = await api('POST', '/projects/sample', leadToken);
  const viewer = await join(sample.id, leadToken, { name: 'Val Viewer', email: 'val.delete@example.org', password: 'reading along quietly' }, 'viewer');

  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${sample.id}`);
  const zone = page.getByRole('region', { name: 'Delete this project' });
  await zone.getByText('its 3 transcripts, everyone\'s coding, the codebook').waitFor();
  await zone.getByRole('button', { name: 'Delete this project…' }).click();
  const box = page.getByLabel('To confirm, type the name of the project');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'off', 'the focus goes to the name box');
  await box.fill('Sample');
  await page.getByRole('button', { name: 'Delete the project and everything in it' }).click();
  await page.getByText('That is not the name of this project.').waitFor();
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  // The project home is wider than a phone because of its progress table;
  // the delete section itself fits.
  await atBothSizes(page, 'accounts-delete-project-confirm', zone);

  // "Keep the project" closes the form and changes nothing.
  await page.getByRole('button', { name: 'Keep the project' }).click();
  await zone.getByRole('button', { name: 'Delete this project…' }).waitFor();
  await zone.getByRole('button', { name: 'Delete this project…' }).click();
  await box.fill(sample.name.toLowerCase());
  await page.getByRole('button', { name: 'Delete the project and everything in it' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  await page.getByRole('status').filter({ hasText: `The project “${sample.name}” and everything in it are deleted.` }).waitFor();
  assert.equal(await page.getByRole('link', { name: sample.name }).count(), 0);
  await check(page, 'accounts-project-deleted');

  // For the viewer it is gone too.
  const r = await api('GET', `/projects/${sample.id}`, viewer.token, undefined, { raw: true });
  assert.equal(r.status, 404);
  await ctx.close();
});

test('the only lead is not offered to step down or leave, and a refused change shows the stored role', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'One lead study', researcherType: 'academic' })).id;
  const kim = await join(pid, leadToken, { name: 'Kim Coder', email: 'kim.lead@example.org', password: 'steady careful coding' });

  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  await signIn(page, tandem, lead);
  await page.goto(`${tandem.server.base}/projects/${pid}/members`);
  const me = page.getByRole('row', { name: /Robin Lead/ });
  await me.getByText('You are the only lead, so you stay a lead until you make someone else a lead.').waitFor();
  assert.equal(await page.getByLabel('Role of Robin Lead').count(), 0, 'no role select for the only lead');
  assert.equal(await page.getByLabel('Role of Kim Coder').count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Leave this project' }).count(), 0);
  await page.getByText('You are the only lead, so you cannot leave yet').waitFor();
  await atBothSizes(page, 'accounts-members-sole-lead');

  // Kim becomes a lead: now both may step down.
  await page.getByLabel('Role of Kim Coder').selectOption('lead');
  await page.getByRole('button', { name: 'Save the role of Kim Coder' }).click();
  await page.getByRole('status').filter({ hasText: 'Kim Coder is now a lead.' }).waitFor();
  await page.getByLabel('Role of Robin Lead').waitFor();
  await page.getByRole('button', { name: 'Leave this project' }).waitFor();

  // Meanwhile Kim steps down in another window; this page still offers Robin to.
  await api('PATCH', `/projects/${pid}/members/${kim.id}`, kim.token, { role: 'coder' });
  await page.getByLabel('Role of Robin Lead').selectOption('viewer');
  await page.getByRole('button', { name: 'Save the role of Robin Lead' }).click();
  await page.getByRole('button', { name: 'Yes, make me a viewer' }).click();
  await page.getByRole('alert').filter({ hasText: 'You are the only lead of this project' }).waitFor();
  // The control shows what the server kept: Robin is still the (only) lead.
  await me.getByText('You are the only lead, so you stay a lead').waitFor();
  assert.equal(await page.getByLabel('Role of Robin Lead').count(), 0);
  assert.equal(await page.getByLabel('Role of Kim Coder').inputValue(), 'coder');
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
  await check(page, 'accounts-members-refused');
  await ctx.close();
});
