// What the end-to-end test files share: a Tandem server on a fresh store
// with the lead as its instance admin, a browser, the JSON API for setting up
// what a test is not about, and signing in.
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/** lead is the instance admin every file starts the server with. */
export const lead = { email: 'lead@example.org', password: 'recovery learning community', name: 'Robin Lead' };

/** startTandem starts the server and the browser before the file's tests and
 * stops them after; the returned object's server and browser are set once
 * the tests run. */
export function startTandem() {
  const t = { server: undefined, browser: undefined };
  before(async () => {
    t.server = await startServer({ TANDEM_ADMIN_EMAIL: lead.email, TANDEM_ADMIN_PASSWORD: lead.password, TANDEM_ADMIN_NAME: lead.name });
    t.browser = await launch();
  });
  after(async () => {
    await t.browser?.close();
    await t.server?.stop();
  });
  return t;
}

/** apiOf returns api(method, path, token, body, {raw}) calling t's JSON API
 * directly, waiting out 429s. It throws on an error status unless raw, which
 * answers {status, body}. */
export function apiOf(t) {
  return async function api(method, path, token, body, { raw = false } = {}) {
    for (;;) {
      const r = await fetch(`${t.server.base}/api/v1${path}`, {
        method,
        headers: { ...(body instanceof FormData ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      });
      const text = await r.text();
      if (r.status === 429) {
        await new Promise((ok) => setTimeout(ok, 1000 * Number(r.headers.get('Retry-After') || 1)));
        continue;
      }
      if (raw) return { status: r.status, body: text ? JSON.parse(text) : undefined };
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    }
  };
}

/** signIn signs who in on the sign-in page and waits for their projects. */
export async function signIn(page, t, who) {
  await page.goto(t.server.base + '/login');
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
}

/** loginOf returns login(who), which answers an access token for who. */
export function loginOf(api) {
  return async (who) => (await api('POST', '/auth/login', null, { email: who.email, password: who.password })).accessToken;
}

/** joinOf returns join(pid, leadToken, who, researcherType, role): an
 * invitation from the lead, accepted by a new account for who; it answers
 * who's token and user id. */
export function joinOf(api) {
  const login = loginOf(api);
  return async (pid, leadToken, who, researcherType, role = 'coder') => {
    const inv = await api('POST', `/projects/${pid}/invitations`, leadToken, { role, expiresInHours: 24, note: who.name });
    const token = inv.token ?? inv.url.split('/invite/')[1];
    await api('POST', `/invitations/${token}/accept`, null, { researcherType, name: who.name, email: who.email, password: who.password });
    const t = await login(who);
    const me = await api('GET', '/me', t);
    return { token: t, id: me.id };
  };
}

/** uploadOf returns upload(pid, token, name, text), which uploads a text
 * file as a transcript and answers its entry. */
export function uploadOf(api) {
  return async (pid, token, name, text) => {
    const form = new FormData();
    form.append('files', new Blob([text], { type: 'text/plain' }), name);
    const out = await api('POST', `/projects/${pid}/transcripts`, token, form);
    if (!out.results[0].ok) throw new Error(`upload ${name}: ${JSON.stringify(out.results[0])}`);
    return out.results[0].transcript;
  };
}
