// Every page on a phone (390 x 844): nothing scrolls sideways and axe-core
// finds nothing serious, for the lead of the sample project (signed in) and
// for the pages a signed-out visitor sees.
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, signIn, startTandem } from './tandem.mjs';

const tandem = startTandem();
const api = apiOf(tandem);

test('every page fits a phone', async () => {
  const token = (await api('POST', '/auth/login', null, { email: lead.email, password: lead.password })).accessToken;
  const p = await api('POST', '/projects/sample', token);
  const tid = (await api('GET', `/projects/${p.id}/transcripts`, token))[0].id;
  const ctx = await newContext(tandem.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  for (const path of ['/login', '/reset']) {
    await page.goto(tandem.server.base + path);
    await page.locator('h1').first().waitFor();
    await noSideways(page, `phone ${path}`);
  }
  await signIn(page, tandem, lead);
  const pages = {
    projects: '/',
    account: '/account',
    accounts: '/admin/users',
    project: `/projects/${p.id}`,
    members: `/projects/${p.id}/members`,
    audit: `/projects/${p.id}/audit`,
    find: `/projects/${p.id}/find`,
    codebook: `/projects/${p.id}/codebook`,
    history: `/projects/${p.id}/codebook/history`,
    version: `/projects/${p.id}/codebook/history/1`,
    import: `/projects/${p.id}/codebook/import`,
    transcripts: `/projects/${p.id}/transcripts`,
    reader: `/projects/${p.id}/transcripts/${tid}`,
    details: `/projects/${p.id}/transcripts/${tid}/details`,
    coding: `/projects/${p.id}/transcripts/${tid}/code`,
    deidentify: `/projects/${p.id}/transcripts/${tid}/deidentify`,
    agreement: `/projects/${p.id}/agreement`,
    compare: `/projects/${p.id}/compare/${tid}`,
  };
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(tandem.server.base + path);
    await page.locator('h1').first().waitFor();
    const gate = page.getByRole('button', { name: 'Show the transcript' });
    if (await gate.count()) await gate.click();
    await check(page, `p-${name}`);
    await noSideways(page, `phone ${name}`);
  }
  await ctx.close();
});
