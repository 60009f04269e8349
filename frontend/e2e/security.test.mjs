// Sign-in safety in a real browser: a page on another site cannot sign the
// browser in to its own account (login CSRF); too many wrong passwords are
// answered with the wait in plain words; every box for a new password shows
// the password rule and refuses a repetitive or invisible password. Pages are
// checked with axe at desktop (1280x800) and phone (390x844) sizes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, joinOf, lead, loginOf, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);
const login = loginOf(api);
const join = joinOf(api);

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

async function atBothSizes(page, name) {
  for (const [size, viewport] of [['desktop', desktop], ['phone', phone]]) {
    await page.setViewportSize(viewport);
    await check(page, `${name}-${size}`);
    await noSideways(page, `${name}-${size}`);
  }
  await page.setViewportSize(desktop);
}

/** attackerSite serves one page on another site (localhost, where Tandem is
 * on 127.0.0.1) and answers its address. */
async function attackerSite(html) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(html);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://localhost:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

test('a page on another site cannot sign this browser in to its own account', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Mallory bait', researcherType: 'academic' })).id;
  // Mallory picks a password that ends in "=", the character a plain-text form puts between a field's name and value.
  const mallory = { name: 'Mallory', email: 'mallory@example.org', password: 'i watch what you type=' };
  await join(pid, leadToken, mallory, 'other');

  // The page posts Mallory's sign-in as a plain-text form, which a browser
  // sends to any site without asking; the JSON hides in the field's name and
  // value: {"email":"…","password":"i watch what you type` + `=` + `"}.
  const target = `${tandem.server.base}/api/v1/auth/login`;
  const field = JSON.stringify({ email: mallory.email, password: mallory.password }).slice(0, -3);
  const site = await attackerSite(`<!doctype html><title>Free recipes</title>
<form method="POST" enctype="text/plain" action="${target}"><input type="hidden" name='${field}' value='"}'></form>
<script>document.forms[0].submit()</script>`);
  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  const answered = page.waitForResponse((r) => r.url() === target);
  await page.goto(site.url);
  const res = await answered;
  assert.equal(res.status(), 403, 'the sign-in from another site is refused');
  assert.match(await res.text(), /"cross_origin".*came from another website/);
  const cookies = await ctx.cookies(tandem.server.base);
  assert.deepEqual(
    cookies.map((c) => c.name).filter((n) => n === 'tandem_refresh'),
    [],
    'no session cookie was set',
  );

  // Opening Tandem, the person is not signed in as Mallory; signing in as
  // themself works as always.
  await page.goto(`${tandem.server.base}/`);
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await signIn(page, tandem, lead);
  await page.getByText('Mallory bait').first().waitFor();
  await ctx.close();
  await site.close();
});

test('too many wrong passwords are answered with the wait in plain words', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Typos study', researcherType: 'academic' })).id;
  const pat = { name: 'Pat Peer', email: 'pat.typos@example.org', password: 'morning walk by the river' };
  await join(pid, leadToken, pat, 'peer');

  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  await page.goto(`${tandem.server.base}/login`);
  const alert = page.getByRole('alert');
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Email address').fill(pat.email);
    await page.getByLabel('Password').fill(`morning walk ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await alert.filter({ hasText: 'That email and password do not match an account.' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  }
  // The right password now waits, and the page says why and for how long.
  await page.getByLabel('Password').fill(pat.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.filter({ hasText: 'Too many wrong passwords from this device. Try again in 1 minute.' }).waitFor();
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password box is emptied');
  await atBothSizes(page, 'security-wrong-passwords');
  await ctx.close();
});

test('every box for a new password shows the rule and refuses a weak password', async () => {
  const leadToken = await login(lead);
  const pid = (await api('POST', '/projects', leadToken, { name: 'Rule study', researcherType: 'academic' })).id;
  const kit = { name: 'Kit Coder', email: 'kit.rule@example.org', password: 'kettle on at seven' };
  await join(pid, leadToken, kit, 'academic');
  const rule = 'At least 10 characters, at least 5 of them different. A few words that mean something to you work well.';

  // Joining: the new account's password box.
  const ctx = await newContext(tandem.browser, { viewport: desktop });
  const page = await ctx.newPage();
  const inv = await api('POST', `/projects/${pid}/invitations`, leadToken, { role: 'coder', expiresInHours: 24, note: 'Jo' });
  await page.goto(inv.url);
  await page.getByRole('heading', { name: 'Join Rule study' }).waitFor();
  await page.getByText(rule).waitFor();
  await page.getByLabel('Your name').fill('Jo New');
  await page.getByLabel('Email address').fill('jo.rule@example.org');
  await page.getByLabel('Choose a password').fill('aaaaaaaaab');
  await page.getByLabel('Type the password again').fill('aaaaaaaaab');
  await page.getByRole('button', { name: 'Join the project' }).click();
  const box = page.getByLabel('Choose a password');
  await page.getByText('That password uses too few different characters. Use at least 5 different characters.').waitFor();
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  await atBothSizes(page, 'security-join-password-rule');

  // My account: a password of zero-width spaces, then a run, then a good one.
  await signIn(page, tandem, kit);
  await page.getByRole('link', { name: 'My account' }).click();
  const form = page.getByRole('region', { name: 'Change your password' });
  await form.getByText(rule).waitFor();
  await form.getByLabel('Current password').fill(kit.password);
  for (const [weak, says] of [
    ['\u200b'.repeat(10), 'Your password has a character that cannot be seen'],
    ['bcdefghijk', 'That password is a run of letters or numbers in order'],
  ]) {
    await form.getByLabel('New password', { exact: true }).fill(weak);
    await form.getByLabel('Type the new password again').fill(weak);
    await form.getByRole('button', { name: 'Change my password' }).click();
    await form.getByText(says).waitFor();
  }
  await atBothSizes(page, 'security-account-password-rule');
  await form.getByLabel('New password', { exact: true }).fill('kettle on at eight');
  await form.getByLabel('Type the new password again').fill('kettle on at eight');
  await form.getByRole('button', { name: 'Change my password' }).click();
  await form.getByText('Your password is changed.').waitFor();
  await ctx.close();
});
