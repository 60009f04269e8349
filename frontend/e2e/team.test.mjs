// The foundation flow in a real browser: first-run setup, sign in and out,
// a project, an invitation joined by a peer researcher, roles, the audit log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { check, launch, newContext } from './browser.mjs';
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
  const leadCtx = await newContext(browser);
  const page = await leadCtx.newPage();

  // First-run setup from the link printed by the server.
  await page.goto(server.setupURL);
  await page.getByRole('heading', { name: 'Welcome to Tandem' }).waitFor();
  await check(page, '01-setup');
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByText('Enter your name.').waitFor();
  await check(page, '02-setup-errors');
  await page.getByLabel('Your name').fill(lead.name);
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Choose a password').fill(lead.password);
  await page.getByLabel('Type the password again').fill(lead.password);
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  await check(page, '03-projects-empty');

  // Sign out, then a wrong password gets a clear message.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
  await check(page, '04-login-error');

  // Sign in with the keyboard only: the page heading has focus, Tab moves to the fields.
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'username');
  await page.keyboard.type(lead.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(lead.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();

  // Create a project.
  await page.getByRole('button', { name: 'Start a new project' }).click();
  await page.getByLabel('Project name').fill('RLC social integration');
  await page.getByLabel('What is the study about?').fill('How a peer-run Recovery Learning Community shapes social integration.');
  await page.getByLabel('Academic researcher').check();
  await check(page, '05-new-project-form');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.getByRole('heading', { name: 'RLC social integration' }).waitFor();
  await check(page, '06-project-home');

  // Invite a coder.
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
  await page.getByLabel('Their role').selectOption('coder');
  await page.getByLabel('Who is it for?').fill('Sam, peer co-investigator');
  await page.getByRole('button', { name: 'Create an invitation link' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();
  assert.match(link, /\/invite\/[^/]+\.[^/]+$/);
  await check(page, '07-members-invitation');

  // The peer researcher opens the link in their own browser and creates an account.
  const peerCtx = await newContext(browser);
  const peerPage = await peerCtx.newPage();
  await peerPage.goto(link);
  await peerPage.getByRole('heading', { name: 'Join RLC social integration' }).waitFor();
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

  // The link works once.
  const again = await newContext(browser);
  const againPage = await again.newPage();
  await againPage.goto(link);
  await againPage.getByRole('heading', { name: 'This invitation has already been used' }).waitFor();
  await check(againPage, '10-invite-used');
  await again.close();

  // The lead sees the new member as a coder and peer researcher, and makes them a viewer.
  await page.reload();
  const row = page.getByRole('row', { name: /Sam Peer/ });
  await row.getByText('Peer researcher').waitFor();
  assert.equal(await page.getByLabel('Role of Sam Peer').inputValue(), 'coder');
  await page.getByLabel('Role of Sam Peer').selectOption('viewer');
  await page.getByRole('status').filter({ hasText: 'Sam Peer is now a viewer.' }).waitFor();

  // The audit log shows the join and the role change.
  await page.getByRole('link', { name: 'Back to the project' }).click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByText('Sam Peer joined as a coder (peer researcher).').waitFor();
  await page.getByText('changed the role of Sam Peer from coder to viewer').waitFor();
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
  await check(peerPage, '12-viewer-members');

  // The viewer's own details, the account pages, the accounts admin, and a missing page.
  await peerPage.getByRole('link', { name: 'My account' }).click();
  await peerPage.getByRole('heading', { name: 'My account' }).waitFor();
  await check(peerPage, '13-account');
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('row', { name: /Sam Peer/ }).waitFor();
  await check(page, '14-admin-accounts');
  await page.goto(`${server.base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await check(page, '15-not-found');
  await page.goto(`${server.base}/projects/not-a-project`);
  await page.getByRole('heading', { name: 'Project not found' }).waitFor();
  await check(page, '16-project-not-found');

  // Projects list with a project, and the page at a tablet-sized window.
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'RLC social integration' }).waitFor();
  await check(page, '17-projects');
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${server.base}/projects/${link.split('/invite/')[1].split('.')[0]}/members`);
  await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
  await check(page, '18-members-tablet');

  await peerCtx.close();
  await leadCtx.close();
});
