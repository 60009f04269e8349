import { describe, expect, it } from 'vitest';
import { ApiError, Client, conflictCurrent, toApiError, type SessionMarker } from './client';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

const session = (token: string) => ({
  accessToken: token,
  expiresAt: '2026-01-01T00:00:00Z',
  user: { id: 'u1', email: 'a@example.org', name: 'Ada', admin: false, disabled: false, createdAt: '2026-01-01T00:00:00Z' },
});

describe('toApiError', () => {
  it('reads the error envelope: code for behaviour, message for people', async () => {
    const e = await toApiError(
      json(429, { error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 42 seconds.', details: { retryAfterSeconds: 42 } } }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limited');
    expect(e.message).toBe('Too many sign-in attempts. Try again in 42 seconds.');
  });

  it('keeps the Retry-After header of a 429 without details (the coding write limit)', async () => {
    const e = await toApiError(json(429, { error: { code: 'rate_limited', message: 'Too many changes at once.' } }, { 'Retry-After': '3' }));
    expect(e.retryAfterSeconds).toBe(3);
    const d = await toApiError(json(429, { error: { code: 'rate_limited', message: 'x', details: { retryAfterSeconds: 42 } } }, { 'Retry-After': '3' }));
    expect(d.retryAfterSeconds).toBe(42);
  });

  it('names the refused field', async () => {
    const e = await toApiError(json(400, { error: { code: 'invalid_input', message: 'Enter a name.', details: { field: 'name' } } }));
    expect(e.field).toBe('name');
  });

  it('still says something useful when the body is not the envelope', async () => {
    expect((await toApiError(new Response('<html>bad gateway</html>', { status: 502 }))).message).toMatch(/try again/i);
    expect((await toApiError(new Response('', { status: 413 }))).code).toBe('payload_too_large');
  });
});

describe('Client', () => {
  it('sends the access token and refreshes once on 401, then retries', async () => {
    const calls: { url: string; auth?: string }[] = [];
    let projectsCalls = 0;
    const client = new Client(async (input, init) => {
      const url = String(input);
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
      calls.push({ url, auth });
      if (url.endsWith('/auth/login')) return json(200, session('old'));
      if (url.endsWith('/auth/refresh')) return json(200, session('new'));
      projectsCalls++;
      return auth === 'Bearer new' ? json(200, []) : json(401, { error: { code: 'token_expired', message: 'Expired.' } });
    });
    await client.login('a@example.org', 'pw');
    await expect(client.projects()).resolves.toEqual([]);
    expect(projectsCalls).toBe(2);
    expect(calls.map((c) => c.url.replace('/api/v1', ''))).toEqual(['/auth/login', '/projects', '/auth/refresh', '/projects']);
    expect(calls[3].auth).toBe('Bearer new');
  });

  it('signs out when the refresh fails, and tells listeners', async () => {
    const seen: (string | null)[] = [];
    const client = new Client(async (input) => {
      const url = String(input);
      if (url.endsWith('/auth/login')) return json(200, session('t'));
      if (url.endsWith('/auth/refresh')) return json(401, { error: { code: 'session_revoked', message: 'Signed out.' } });
      return json(401, { error: { code: 'token_expired', message: 'Your sign-in has expired. Please sign in again.' } });
    });
    client.onSession((s) => seen.push(s ? s.user.name : null));
    await client.login('a@example.org', 'pw');
    await expect(client.me()).rejects.toMatchObject({ code: 'token_expired' });
    expect(seen).toEqual(['Ada', null]);
  });

  it('shares one refresh between concurrent callers', async () => {
    let refreshes = 0;
    const client = new Client(async () => {
      refreshes++;
      await new Promise((r) => setTimeout(r, 5));
      return json(200, session('x'));
    });
    await Promise.all([client.refresh(), client.refresh(), client.refresh()]);
    expect(refreshes).toBe(1);
  });

  it('turns a failed connection into a plain message', async () => {
    const client = new Client(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.projects()).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/cannot be reached/) });
  });

  it('keeps the session returned when joining with a new account', async () => {
    const client = new Client(async (input, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
      if (String(input).includes('/accept')) return json(200, { project: { id: 'p1' }, session: session('joined') });
      return json(200, { id: 'u1', auth });
    });
    await client.acceptInvitation('p1.secret', { researcherType: 'peer', email: 'a@example.org', name: 'A', password: 'pw' });
    await expect(client.me()).resolves.toMatchObject({ auth: 'Bearer joined' });
  });

  it('escapes path parameters', async () => {
    const urls: string[] = [];
    const client = new Client(async (input) => {
      urls.push(String(input));
      return new Response(null, { status: 204 });
    });
    await client.removeMember('p/1', 'u?2');
    expect(urls[0]).toBe('/api/v1/projects/p%2F1/members/u%3F2');
  });
});

describe('Client and sign-in problems', () => {
  it('does not refresh or sign anyone out on a wrong password', async () => {
    const urls: string[] = [];
    const seen: (string | null)[] = [];
    const client = new Client(async (input) => {
      const url = String(input);
      urls.push(url.replace('/api/v1', ''));
      if (url.endsWith('/auth/refresh')) return json(200, session('t'));
      return json(401, { error: { code: 'invalid_credentials', message: 'That email and password do not match an account.' } });
    });
    await client.refresh();
    client.onSession((s) => seen.push(s ? s.user.name : null));
    await expect(client.login('a@example.org', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(urls).toEqual(['/auth/refresh', '/auth/login']);
    expect(seen).toEqual([]);
    expect(client.endedReason).toBeNull();
  });

  it('signs out a disabled account and says why until the next sign-in', async () => {
    const client = new Client(async (input) => {
      if (String(input).endsWith('/auth/login')) return json(200, session('t'));
      return json(403, { error: { code: 'account_disabled', message: 'This account has been disabled.' } });
    });
    await client.login('a@example.org', 'pw');
    await expect(client.projects()).rejects.toMatchObject({ code: 'account_disabled' });
    expect(client.endedReason).toBe('This account has been disabled.');
    await client.login('a@example.org', 'pw');
    expect(client.endedReason).toBeNull();
  });

  it('remembers why an expired session ended, but not on a first visit without a session', async () => {
    const client = new Client(async (input) => {
      const url = String(input);
      if (url.endsWith('/auth/login')) return json(200, session('t'));
      if (url.endsWith('/auth/refresh')) return json(401, { error: { code: 'token_expired', message: 'Your sign-in has expired. Please sign in again.' } });
      return json(401, { error: { code: 'token_expired', message: 'Expired.' } });
    });
    await client.refresh();
    expect(client.endedReason).toBeNull();
    await client.login('a@example.org', 'pw');
    await expect(client.me()).rejects.toMatchObject({ code: 'token_expired' });
    expect(client.endedReason).toBe('Your sign-in has expired. Please sign in again.');
  });

  it('forgets the reason when the person signs out themselves', async () => {
    const client = new Client(async () => new Response(null, { status: 204 }));
    await client.logout();
    expect(client.endedReason).toBeNull();
  });

  it('reads how long to wait after too many attempts', async () => {
    const e = await toApiError(
      json(429, { error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 42 seconds.', details: { retryAfterSeconds: 42 } } }),
    );
    expect(e.retryAfterSeconds).toBe(42);
  });
});

/** memoryMarker is a session marker kept in a variable, as localStorage keeps it. */
function memoryMarker(signedIn = false): SessionMarker & { signedIn: boolean } {
  return {
    signedIn,
    get() {
      return this.signedIn;
    },
    set(v: boolean) {
      this.signedIn = v;
    },
  };
}

describe('Client session marker', () => {
  it('asks the server nothing on a visit without a session (no 401 to log)', async () => {
    const urls: string[] = [];
    const client = new Client(async (input) => {
      urls.push(String(input));
      return json(401, { error: { code: 'unauthenticated', message: 'Please sign in.' } });
    }, memoryMarker(false));
    await expect(client.restore()).resolves.toBeNull();
    expect(urls).toEqual([]);
  });

  it('restores the session of an earlier visit, and forgets the sign when the server refuses it', async () => {
    let refreshOK = true;
    const marker = memoryMarker(true);
    const client = new Client(async () =>
      refreshOK ? json(200, session('restored')) : json(401, { error: { code: 'session_revoked', message: 'Signed out.' } }),
    marker);
    await expect(client.restore()).resolves.toMatchObject({ accessToken: 'restored' });
    expect(marker.signedIn).toBe(true);
    refreshOK = false;
    await expect(client.refresh()).resolves.toBeNull();
    expect(marker.signedIn).toBe(false);
    // A cookie gone stale without this page knowing: one refused refresh, then quiet.
    const stale = memoryMarker(true);
    const urls: string[] = [];
    const other = new Client(async (input) => {
      urls.push(String(input));
      return json(401, { error: { code: 'unauthenticated', message: 'Please sign in.' } });
    }, stale);
    await other.restore();
    await other.restore();
    expect(urls).toHaveLength(1);
    expect(stale.signedIn).toBe(false);
  });

  it('is set by signing in, setting a new password or joining, and cleared by signing out', async () => {
    const marker = memoryMarker(false);
    const client = new Client(async (input) => {
      const url = String(input);
      if (url.endsWith('/auth/logout')) return new Response(null, { status: 204 });
      if (url.includes('/accept')) return json(200, { project: { id: 'p1' }, session: session('joined') });
      return json(200, session('t'));
    }, marker);
    await client.login('a@example.org', 'pw');
    expect(marker.signedIn).toBe(true);
    await client.logout();
    expect(marker.signedIn).toBe(false);
    await client.resetPassword('u1.secret', 'a new long password');
    expect(marker.signedIn).toBe(true);
    await client.logout();
    await client.acceptInvitation('p1.secret', { researcherType: 'peer', email: 'a@example.org', name: 'A', password: 'pw' });
    expect(marker.signedIn).toBe(true);
  });
});

describe('keepalive saves', () => {
  it('asks the browser to finish a coding save after the page closes, unless it is too large for that', async () => {
    const seen: (boolean | undefined)[] = [];
    const client = new Client(async (_input, init) => {
      seen.push(init?.keepalive);
      return json(200, { version: 2 });
    });
    await client.patchExcerpt('p', 't', 'e', 1, { memo: 'short' }, { keepalive: true });
    await client.patchExcerpt('p', 't', 'e', 1, { memo: 'é'.repeat(31_000) }, { keepalive: true }); // 62,000 bytes
    await client.patchExcerpt('p', 't', 'e', 1, { memo: 'short' });
    expect(seen).toEqual([true, undefined, undefined]);
  });
});

describe('conflictCurrent', () => {
  it('returns the current object of a version conflict', () => {
    const e = new ApiError(409, 'version_conflict', 'Someone else changed this.', { current: { version: 3, name: 'New' } });
    expect(conflictCurrent(e)).toEqual({ version: 3, name: 'New' });
  });
  it('returns nothing for other errors', () => {
    expect(conflictCurrent(new ApiError(409, 'last_lead', 'x', { current: {} }))).toBeUndefined();
    expect(conflictCurrent(new Error('x'))).toBeUndefined();
  });
});

// FakeUpload stands in for the browser's XMLHttpRequest: each send answers
// with the next of answers (a status and body, or 'lost' for a dropped
// connection) and records the Authorization header it was given.
function fakeUploads(answers: ({ status: number; body: unknown } | 'lost')[]) {
  const auths: (string | undefined)[] = [];
  class FakeUpload {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private auth: string | undefined;
    open() {}
    setRequestHeader(name: string, value: string) {
      if (name === 'Authorization') this.auth = value;
    }
    send() {
      auths.push(this.auth);
      const a = answers.shift();
      queueMicrotask(() => {
        if (!a || a === 'lost') return this.onerror?.();
        this.status = a.status;
        this.responseText = JSON.stringify(a.body);
        this.onload?.();
      });
    }
  }
  return { auths, FakeUpload };
}

describe('one refresh-and-retry for every call', () => {
  const expired = { error: { code: 'token_expired', message: 'Your sign-in has expired. Please sign in again.' } };

  it('refreshes once on 401 for a download, then retries with the new token', async () => {
    const auths: (string | undefined)[] = [];
    const client = new Client(async (input, init) => {
      const url = String(input);
      if (url.endsWith('/auth/login')) return json(200, session('old'));
      if (url.endsWith('/auth/refresh')) return json(200, session('new'));
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
      auths.push(auth);
      if (auth !== 'Bearer new') return json(401, expired);
      return new Response('file', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="report.xlsx"' } });
    });
    await client.login('a@example.org', 'pw');
    const d = await client.download('/projects/p/agreement.xlsx', 'agreement.xlsx');
    expect(d.fileName).toBe('report.xlsx');
    expect(await d.blob.text()).toBe('file');
    expect(auths).toEqual(['Bearer old', 'Bearer new']);
  });

  it('signs out when a download finds the session over and the refresh fails', async () => {
    const seen: (string | null)[] = [];
    const client = new Client(async (input) => {
      const url = String(input);
      if (url.endsWith('/auth/login')) return json(200, session('t'));
      if (url.endsWith('/auth/refresh')) return json(401, { error: { code: 'session_revoked', message: 'Signed out.' } });
      return json(401, expired);
    });
    client.onSession((s) => seen.push(s ? s.user.name : null));
    await client.login('a@example.org', 'pw');
    await expect(client.download('/projects/p/export.qdpx', 'export.qdpx')).rejects.toMatchObject({ code: 'token_expired' });
    expect(seen).toEqual(['Ada', null]);
  });

  it('refreshes once on 401 for an upload, then sends the file again', async () => {
    const { auths, FakeUpload } = fakeUploads([
      { status: 401, body: expired },
      { status: 200, body: { results: [{ fileName: 'a.txt', ok: true }] } },
    ]);
    const real = globalThis.XMLHttpRequest;
    globalThis.XMLHttpRequest = FakeUpload as unknown as typeof XMLHttpRequest;
    try {
      const client = new Client(async (input) => (String(input).endsWith('/auth/refresh') ? json(200, session('new')) : json(200, session('old'))));
      await client.login('a@example.org', 'pw');
      const r = await client.uploadFile('p', new File(['hi'], 'a.txt'), () => {});
      expect(r).toEqual({ fileName: 'a.txt', ok: true });
      expect(auths).toEqual(['Bearer old', 'Bearer new']);
    } finally {
      globalThis.XMLHttpRequest = real;
    }
  });

  it('turns a refused or lost upload into a plain result for that file', async () => {
    const { FakeUpload } = fakeUploads([
      { status: 413, body: { error: { code: 'payload_too_large', message: 'That file is too large.' } } },
      'lost',
    ]);
    const real = globalThis.XMLHttpRequest;
    globalThis.XMLHttpRequest = FakeUpload as unknown as typeof XMLHttpRequest;
    try {
      const client = new Client(async () => json(200, session('t')));
      await client.login('a@example.org', 'pw');
      await expect(client.uploadFile('p', new File(['x'], 'big.docx'), () => {})).resolves.toEqual({
        fileName: 'big.docx',
        ok: false,
        error: { code: 'payload_too_large', message: 'That file is too large.' },
      });
      await expect(client.uploadFile('p', new File(['x'], 'b.txt'), () => {})).resolves.toEqual({
        fileName: 'b.txt',
        ok: false,
        error: { code: 'network', message: 'The upload did not reach Tandem. Check your connection and try again.' },
      });
    } finally {
      globalThis.XMLHttpRequest = real;
    }
  });
});
