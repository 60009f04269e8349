// The foundation flow in a real browser: first-run setup, sign in and out,
// a project, an invitation joined by a peer researcher, roles, the audit log,
// a stale edit, the last-lead rule, keyboard use and 200% zoom.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { check, launch, newContext, noSideways } from './browser.mjs';
import { startServer } from './server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const lead = { name: 'Dana Lead', email: 'dana@example.org', password: 'recovery learning community' };
const peer = { name: 'Sam Peer', email: 'sam@example.org', password: 'hope and connection' };

test('a lead sets up Tandem, invites a peer researcher who joins, and manages the team', async () => {
  assert.ok(server.setupURL, `no setup link in the server output:\n${server.output()}`);
  const leadCtx = await newContext(browser);
  const page = await leadCtx.newPage();

  // Sign-in page before setup points to the setup link.
  await page.goto(server.base + '/login');
  await page.getByText("Look in the server's output for the setup link").waitFor();
  await check(page, '00-login-before-setup');

  // First-run setup from the link printed by the server.
  await page.goto(server.setupURL);
  await page.getByRole('heading', { name: 'Welcome to Tandem' }).waitFor();
  await page.getByText('At least 10 characters').waitFor();
  await check(page, '01-setup');
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByText('Enter your name.').waitFor();
  // The focus goes to the first field with a problem, which tells what is wrong.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'name');
  await check(page, '02-setup-errors');
  await page.getByLabel('Your name').fill(lead.name);
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Choose a password').fill(lead.password);
  // A mistyped second password is pointed out on the second box.
  await page.getByLabel('Type the password again').fill(lead.password + 'x');
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByText('This is not the same as the password above.').waitFor();
  assert.equal(await page.getByLabel('Type the password again').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Choose a password').getAttribute('aria-invalid'), null);
  await page.getByLabel('Type the password again').fill(lead.password);
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  assert.ok(!page.url().includes('token='), 'the used setup token stays out of the address bar');
  await check(page, '03-projects-empty');

  // The setup link, used once, now says setup is done.
  await page.goto(server.setupURL);
  await page.getByRole('heading', { name: 'Tandem is set up' }).waitFor();
  await check(page, '03b-setup-done');

  // Sign out, then a wrong password gets a clear message.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
  await check(page, '04-login-error');

  // Sign in with the keyboard only: Tab to the skip link, Enter, Tab into the
  // form, type, Enter to send. The focus is always visible.
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { text: el?.textContent, auto: el?.getAttribute('autocomplete'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
  await page.keyboard.press('Tab');
  let f = await focused();
  assert.equal(f.text, 'Skip to content');
  assert.ok(f.outline !== 'none' && f.width >= 2, `the skip link shows its focus (${JSON.stringify(f)})`);
  await page.screenshot({ path: `${import.meta.dirname}/screenshots/04b-skip-link.png` });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  f = await focused();
  assert.equal(f.auto, 'username');
  assert.ok(f.outline !== 'none' && f.width >= 2, `the email field shows its focus (${JSON.stringify(f)})`);
  await page.keyboard.type(lead.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(lead.password);
  await page.screenshot({ path: `${import.meta.dirname}/screenshots/04c-login-keyboard-focus.png` });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  assert.match(page.url(), /\/$/);

  // Create a project.
  await page.getByRole('button', { name: 'Start a new project' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent), 'Project name');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByText('Give the project a name.').waitFor();
  await page.getByText('Choose one of the three.').waitFor();
  await page.getByLabel('Project name').fill('RLC social integration');
  await page.getByLabel('What is the study about?').fill('How a peer-run Recovery Learning Community shapes social integration.');
  await page.getByLabel('Academic researcher').check();
  await check(page, '05-new-project-form');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByRole('heading', { name: 'RLC social integration' }).waitFor();
  const projectURL = page.url();
  assert.match(projectURL, /\/projects\/[^/]+$/);
  await check(page, '06-project-home');

  // Invite a coder.
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
  await page.getByLabel('Their role').selectOption('coder');
  await page.getByLabel('Link works for this many days').fill('45');
  await page.getByRole('button', { name: 'Create an invitation link' }).click();
  await page.getByText('Choose a whole number of days from 1 to 30.').waitFor();
  await page.getByLabel('Link works for this many days').fill('7');
  await page.getByLabel('Who is it for?').fill('Sam, peer co-investigator');
  await page.getByRole('button', { name: 'Create an invitation link' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/invite\/\S+$/);
  await page.getByText('it is shown only this once').waitFor();
  await page.getByRole('button', { name: 'Copy the link' }).click();
  await page.getByText('The link is copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.getByRole('row', { name: /Sam, peer co-investigator/ }).getByText('Waiting to be used').waitFor();
  await check(page, '07-members-invitation');

  // A second invitation, withdrawn after a confirmation.
  await page.getByLabel('Who is it for?').fill('Spare link');
  await page.getByRole('button', { name: 'Create an invitation link' }).click();
  await page.locator('.created-link strong', { hasText: 'Spare link' }).waitFor();
  const spare = await page.getByLabel('Invitation link').inputValue();
  assert.notEqual(spare, link);
  const spareRow = page.getByRole('row', { name: /Spare link/ });
  await spareRow.getByRole('button', { name: 'Withdraw the invitation for Spare link' }).click();
  await spareRow.getByText('Withdraw it? The link will stop working.').waitFor();
  await check(page, '07b-withdraw-confirm');
  await spareRow.getByRole('button', { name: 'Yes, withdraw' }).click();
  await spareRow.getByText('Withdrawn').waitFor();

  // The peer researcher opens the link in their own browser and creates an account.
  const peerCtx = await newContext(browser);
  const peerPage = await peerCtx.newPage();
  await peerPage.goto(link);
  await peerPage.getByRole('heading', { name: 'Join RLC social integration' }).waitFor();
  await peerPage.getByText('Dana Lead invites you to join').waitFor();
  await check(peerPage, '08-invite');
  await peerPage.getByLabel('Your name').fill(peer.name);
  await peerPage.getByLabel('Email address').fill(peer.email);
  await peerPage.getByLabel('Choose a password').fill(peer.password);
  await peerPage.getByLabel('Type the password again').fill(peer.password);
  await peerPage.getByLabel('Peer researcher').check();
  await peerPage.getByRole('button', { name: 'Join the project' }).click();
  await peerPage.getByRole('heading', { name: 'RLC social integration' }).waitFor();
  await peerPage.getByText('You are a coder here').waitFor();
  await check(peerPage, '09-peer-project-home');

  // The link works once; a withdrawn link says so.
  const again = await newContext(browser);
  const againPage = await again.newPage();
  await againPage.goto(link);
  await againPage.getByRole('heading', { name: 'This invitation has already been used' }).waitFor();
  assert.equal(await againPage.getByText(/already been used/).count(), 1, 'the page says it once, in its heading');
  await check(againPage, '10-invite-used');
  await againPage.goto(spare);
  await againPage.getByRole('heading', { name: 'This invitation was withdrawn' }).waitFor();
  await againPage.goto(link.replace(/\/invite\/.*/, '/invite/nonsense'));
  await againPage.getByRole('heading', { name: 'This invitation link does not work' }).waitFor();
  await check(againPage, '10b-invite-not-found');
  await again.close();

  // The lead sees the new member as a coder and peer researcher, and makes them a viewer.
  await page.reload();
  const row = page.getByRole('row', { name: /Sam Peer/ });
  await row.getByText('Peer researcher').waitFor();
  assert.equal(await page.getByLabel('Role of Sam Peer').inputValue(), 'coder');
  await page.getByLabel('Role of Sam Peer').selectOption('viewer');
  await page.getByRole('button', { name: 'Save the role of Sam Peer' }).click();
  await page.getByRole('status').filter({ hasText: 'Sam Peer is now a viewer.' }).waitFor();
  assert.equal(await page.getByLabel('Role of Sam Peer').inputValue(), 'viewer');

  // The only lead is not offered to leave or step down: the rule is explained.
  await page.getByText('You are the only lead, so you cannot leave yet').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Leave this project' }).count(), 0);
  assert.equal(await page.getByLabel('Role of Dana Lead').count(), 0);
  await check(page, '11a-last-lead');

  // The audit log shows the join and the role change, newest first.
  await page.getByRole('link', { name: 'Back to the project' }).click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByText('Sam Peer joined as a coder (peer researcher).').waitFor();
  await page.getByText('changed the role of Sam Peer from coder to viewer').waitFor();
  const whats = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  assert.ok(
    whats.findIndex((t) => t.includes('from coder to viewer')) < whats.findIndex((t) => t.includes('joined as a coder')),
    `newest first: ${whats.join(' | ')}`,
  );
  await check(page, '11-audit');

  // The viewer sees no lead controls, and no audit log.
  await peerPage.reload();
  await peerPage.getByText('You are a viewer here').waitFor();
  assert.equal(await peerPage.getByRole('link', { name: 'Audit log' }).count(), 0);
  assert.equal(await peerPage.getByRole('heading', { name: 'Project settings' }).count(), 0);
  await peerPage.getByRole('link', { name: 'Members and your details' }).click();
  await peerPage.getByRole('heading', { name: 'Your details in this project' }).waitFor();
  assert.equal(await peerPage.getByRole('heading', { name: 'Invite someone' }).count(), 0);
  assert.equal(await peerPage.getByRole('combobox').count(), 0);
  assert.equal(await peerPage.getByRole('button', { name: /Remove/ }).count(), 0);
  await check(peerPage, '12-viewer-members');
  await peerPage.goto(`${projectURL}/audit`);
  await peerPage.getByRole('alert').waitFor();
  await check(peerPage, '12b-viewer-audit-refused');

  // The viewer changes how they appear in the project.
  await peerPage.goto(`${projectURL}/members`);
  await peerPage.getByLabel('Your name as others see it here').fill('Sam P.');
  await peerPage.getByRole('button', { name: 'Save my details' }).click();
  await peerPage.getByRole('status').filter({ hasText: 'Your details are saved.' }).waitFor();
  await peerPage.getByRole('row', { name: /Sam P\./ }).waitFor();

  // The viewer's account page, the accounts admin, and missing pages.
  await peerPage.getByRole('link', { name: 'My account' }).click();
  await peerPage.getByRole('heading', { name: 'My account' }).waitFor();
  await peerPage.getByLabel('Current password').fill('not the password');
  await peerPage.getByLabel('New password', { exact: true }).fill('a brand new password');
  await peerPage.getByLabel('Type the new password again').fill('a brand new password');
  await peerPage.getByRole('button', { name: 'Change my password' }).click();
  await peerPage.getByText('Your current password is not right.').waitFor();
  assert.match(peerPage.url(), /\/account$/, 'a wrong current password does not sign anyone out');
  await check(peerPage, '13-account');
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('row', { name: /Sam Peer/ }).waitFor();
  await check(page, '14-admin-accounts');
  await page.goto(`${server.base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await check(page, '15-not-found');
  await page.goto(`${server.base}/projects/not-a-project`);
  await page.getByRole('heading', { name: 'Project not found' }).waitFor();
  await page.getByText('This project does not exist, or you are not a member of it.').waitFor();
  await check(page, '16-project-not-found');

  // A stale edit: another tab renamed the project; the typed description is kept.
  await page.goto(projectURL);
  await page.getByRole('heading', { name: 'Project settings' }).waitFor();
  const other = await leadCtx.newPage();
  await other.goto(projectURL);
  await other.getByLabel('Project name').fill('RLC social integration study');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await other.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await other.close();
  const typed = 'Ten interviews with members of a peer-run Recovery Learning Community.';
  await page.getByLabel('What is the study about?').fill(typed);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'Someone else changed this project' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'RLC social integration study' }).waitFor();
  assert.equal(await page.getByLabel('What is the study about?').inputValue(), typed);
  assert.equal(await page.getByLabel('Project name').inputValue(), 'RLC social integration study');
  await check(page, '16b-version-conflict');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.getByText(typed, { exact: true }).first().waitFor();

  // Projects list with a project; archive, and the archived toggle.
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'RLC social integration study' }).waitFor();
  await check(page, '17-projects');

  // At 200% zoom (half the width) every page reflows without sideways scrolling.
  await page.setViewportSize({ width: 550, height: 900 });
  for (const [path, name, heading] of [
    ['/', '19-zoom-projects', 'Your projects'],
    [new URL(projectURL).pathname, '20-zoom-project', 'RLC social integration study'],
    [`${new URL(projectURL).pathname}/members`, '21-zoom-members', 'Members of'],
    [`${new URL(projectURL).pathname}/audit`, '22-zoom-audit', 'Audit log of'],
    ['/account', '23-zoom-account', 'My account'],
    ['/admin/users', '24-zoom-accounts', 'Accounts'],
  ]) {
    await page.goto(server.base + path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await check(page, name);
    await noSideways(page, name);
  }

  // A tablet-sized window.
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${projectURL}/members`);
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
  await check(page, '18-members-tablet');
  await noSideways(page, '18-members-tablet');

  await peerCtx.close();
  await leadCtx.close();
});

test('an existing user joins through an invitation by signing in on the invitation page', async () => {
  const leadCtx = await newContext(browser);
  const page = await leadCtx.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password').fill(lead.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  await page.getByRole('button', { name: 'Start a new project' }).click();
  await page.getByLabel('Project name').fill('CHIME recovery');
  await page.getByLabel('Something else').check();
  await page.getByLabel('In your own words').fill('community organiser');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByRole('heading', { name: 'CHIME recovery' }).waitFor();
  await page.getByRole('row', { name: /Dana Lead/ }).getByText('community organiser').waitFor();
  const chime = new URL(page.url()).pathname.split('/')[2];
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await page.getByLabel('Their role').selectOption('lead');
  await page.getByRole('button', { name: 'Create an invitation link' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();

  // Sam already has an account: trying to create one again offers to sign in instead.
  const ctx = await newContext(browser);
  const sam = await ctx.newPage();
  await sam.goto(link);
  await sam.getByRole('heading', { name: 'Join CHIME recovery' }).waitFor();
  await sam.getByLabel('Your name').fill(peer.name);
  await sam.getByLabel('Email address').fill(peer.email);
  await sam.getByLabel('Choose a password').fill('another long password');
  await sam.getByLabel('Type the password again').fill('another long password');
  await sam.getByLabel('Peer researcher').check();
  await sam.getByRole('button', { name: 'Join the project' }).click();
  await sam.getByText('An account with this email already exists').waitFor();
  await check(sam, '25-invite-email-taken');
  await sam.getByRole('button', { name: `Sign in with ${peer.email} instead` }).click();
  assert.equal(await sam.getByLabel('Email address').inputValue(), peer.email);
  await sam.getByLabel('Password').fill(peer.password);
  await sam.getByRole('button', { name: 'Sign in' }).click();
  await sam.getByRole('heading', { name: `Join as ${peer.name}` }).waitFor();
  await sam.getByLabel('Your name in this project').fill('Sam (peer co-investigator)');
  await sam.getByLabel('Peer researcher').check();
  await check(sam, '26-invite-signed-in');
  await sam.getByRole('button', { name: 'Join the project' }).click();
  await sam.getByRole('heading', { name: 'CHIME recovery' }).waitFor();
  await sam.getByText('You are a lead here').waitFor();
  await sam.getByRole('row', { name: /Sam \(peer co-investigator\)/ }).waitFor();

  // Archive the project: it leaves the list until archived projects are shown; restore it.
  await page.getByRole('link', { name: 'Back to the project' }).click();
  await page.getByRole('button', { name: 'Archive the project' }).click();
  await page.getByRole('status').filter({ hasText: 'The project is archived.' }).waitFor();
  await page.getByText('This project is archived.').waitFor();
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('link', { name: 'RLC social integration study' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'CHIME recovery' }).count(), 0);
  await page.getByLabel('Also show archived projects').check();
  await page.getByRole('listitem').filter({ hasText: 'CHIME recovery' }).getByText('Archived').waitFor();
  await check(page, '29-projects-archived');
  await page.getByRole('link', { name: 'CHIME recovery' }).click();
  await page.getByRole('button', { name: 'Restore the project' }).click();
  await page.getByRole('status').filter({ hasText: 'The project is active again.' }).waitFor();
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await page.getByRole('heading', { name: 'Members of CHIME recovery' }).waitFor();

  // With a second lead, the first can step down after confirming.
  await page.goto(page.url());
  await page.getByLabel('Role of Dana Lead').selectOption('coder');
  await page.getByRole('button', { name: 'Save the role of Dana Lead' }).click();
  await page.getByText('You will no longer be a lead here').waitFor();
  await check(page, '27-step-down-confirm');
  await page.getByRole('button', { name: 'Yes, make me a coder' }).click();
  await page.getByRole('heading', { name: 'Your details in this project' }).waitFor();
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor({ state: 'detached' });

  // The admin disables Sam, whose next action signs them out with the reason.
  await page.goto(server.base + '/admin/users');
  await page.getByRole('button', { name: 'Disable Sam Peer' }).click();
  await page.getByRole('button', { name: 'Yes, disable' }).click();
  await page.getByRole('status').filter({ hasText: 'Sam Peer can no longer sign in' }).waitFor();
  await sam.getByRole('link', { name: 'Projects' }).click();
  await sam.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await sam.getByText('This account has been disabled').waitFor();
  await check(sam, '28-signed-out-disabled');
  await page.getByRole('button', { name: 'Enable Sam Peer' }).click();
  await page.getByRole('status').filter({ hasText: 'Sam Peer can sign in again.' }).waitFor();

  // A long audit log comes a page at a time, newest first ("Show older entries").
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: peer.email, password: peer.password }),
  });
  assert.equal(login.status, 200);
  const { accessToken } = await login.json();
  for (let i = 1; i <= 55; i++) {
    const r = await fetch(`${server.base}/api/v1/projects/${chime}/invitations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ role: 'viewer', note: `Workshop guest ${i}` }),
    });
    assert.equal(r.status, 201);
  }
  // Sam, enabled again, signs in and lands on the page asked for.
  await sam.goto(`${server.base}/projects/${chime}/audit`);
  await sam.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await sam.getByLabel('Email address').fill(peer.email);
  await sam.getByLabel('Password').fill(peer.password);
  await sam.getByRole('button', { name: 'Sign in' }).click();
  await sam.getByRole('heading', { name: 'Audit log of CHIME recovery' }).waitFor();
  const rows = sam.locator('tbody tr');
  await rows.nth(49).waitFor();
  assert.equal(await rows.count(), 50);
  assert.match(await rows.first().textContent(), /created an invitation for a viewer/);
  await sam.getByRole('button', { name: 'Show older entries' }).click();
  await sam.getByText('This is the start of the log.').waitFor();
  assert.ok((await rows.count()) > 50);
  assert.match(await rows.last().textContent(), /created the project "CHIME recovery"/);
  await check(sam, '30-audit-older');

  // Too many wrong passwords: the wait is said in plain words.
  const strangerCtx = await newContext(browser);
  const stranger = await strangerCtx.newPage();
  await stranger.goto(server.base + '/login');
  for (let i = 0; i < 6; i++) {
    await stranger.getByLabel('Email address').fill('nobody@example.org');
    await stranger.getByLabel('Password').fill(`guess number ${i}`);
    const [answer] = await Promise.all([
      stranger.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      stranger.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    assert.equal(answer.status(), i < 5 ? 401 : 429);
    await stranger.waitForFunction(() => document.querySelector('button[type=submit]')?.getAttribute('aria-disabled') !== 'true');
  }
  await stranger.getByRole('alert').filter({ hasText: /^Too many wrong passwords from this device\. Try again in 1 minute\.$/ }).waitFor();
  await check(stranger, '31-login-rate-limited');
  await strangerCtx.close();

  await ctx.close();
  await leadCtx.close();
});
