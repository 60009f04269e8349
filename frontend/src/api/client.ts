// The one client of Tandem's JSON API. It keeps the access token in memory
// only, refreshes it once on a 401, and turns the error envelope
// {"error": {"code", "message", "details"}} into ApiError. The refresh
// cookie is HttpOnly, so a page cannot see whether there is a session: a
// marker in localStorage, set at sign-in and cleared when the session ends,
// says whether restoring one is worth a request.
import type {
  AuditPage,
  Codebook,
  CodebookTemplate,
  CodebookVersion,
  CodingSet,
  Codings,
  Download,
  ExcerptWritten,
  Identifiers,
  ImportPreview,
  ProjectImport,
  Invitation,
  InvitationCreated,
  InvitationPreview,
  Level,
  Joined,
  Member,
  Names,
  NodeText,
  Progress,
  Project,
  ProjectSummary,
  ResearcherType,
  ResetLink,
  ResetPreview,
  Retrieval,
  Role,
  Session,
  SetupState,
  ThemeCounts,
  Transcript,
  TranscriptDetails,
  TranscriptInfo,
  UploadResult,
  UploadResults,
  User,
} from './types';

export type * from './types';

/** fileNameFrom reads the file name of a Content-Disposition header
 * (filename* in UTF-8 first, then filename), or returns fallback. */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      const name = decodeURIComponent(star[1].trim());
      if (name) return name;
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || fallback;
}

/** ApiError is an error answer of the API, or a network failure (code "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** field names the request field the server refused, when it said so. */
  get field(): string | undefined {
    const d = this.details as { field?: unknown } | undefined;
    return typeof d?.field === 'string' ? d.field : undefined;
  }

  /** retryAfterSeconds says how long to wait after rate_limited. */
  get retryAfterSeconds(): number | undefined {
    const d = this.details as { retryAfterSeconds?: unknown } | undefined;
    return typeof d?.retryAfterSeconds === 'number' ? d.retryAfterSeconds : undefined;
  }
}

/** conflictCurrent returns the object the server holds now, sent with a
 * version_conflict answer in details.current; otherwise undefined. */
export function conflictCurrent<T>(err: unknown): T | undefined {
  if (!(err instanceof ApiError) || err.code !== 'version_conflict') return undefined;
  const current = (err.details as { current?: unknown } | undefined)?.current;
  return current && typeof current === 'object' ? (current as T) : undefined;
}

// A 401 with one of these codes means the access token is no longer good:
// refresh once and try again. Others (invalid_credentials) are answers to
// what the person typed and must not sign anyone out.
const sessionCodes = new Set(['unauthenticated', 'token_expired', 'session_revoked', 'unknown']);

/** toApiError reads an error answer; anything unexpected still gets a plain message. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    let details = e.details;
    // A rate limit says how long to wait in the Retry-After header; keep it with the error.
    const retry = Number(res.headers?.get?.('Retry-After'));
    if (res.status === 429 && retry > 0 && (details === undefined || (typeof details === 'object' && details !== null))) {
      const d = (details ?? {}) as Record<string, unknown>;
      if (typeof d.retryAfterSeconds !== 'number') details = { ...d, retryAfterSeconds: retry };
    }
    return new ApiError(res.status, e.code, e.message, details);
  }
  if (res.status === 413) {
    return new ApiError(413, 'payload_too_large', 'That is too large to send.');
  }
  if (res.status >= 500) {
    return new ApiError(res.status, 'internal', 'The server had a problem. Please try again in a moment.');
  }
  return new ApiError(res.status, 'unknown', `The server answered ${res.status}.`);
}

type Listener = (s: Session | null) => void;

/** SessionMarker remembers whether this browser holds a session: a sign the
 * page can read, beside the refresh cookie it cannot. */
export interface SessionMarker {
  get(): boolean;
  set(signedIn: boolean): void;
}

const markerKey = 'tandem.signedIn';

/** storageMarker keeps the marker in localStorage. Where storage is blocked it
 * says "maybe", so that a session is still restored. */
export const storageMarker: SessionMarker = {
  get() {
    try {
      return localStorage.getItem(markerKey) === '1';
    } catch {
      return true;
    }
  },
  set(signedIn) {
    try {
      if (signedIn) localStorage.setItem(markerKey, '1');
      else localStorage.removeItem(markerKey);
    } catch {
      // nothing to remember with
    }
  },
};

/** SendOptions: keepalive lets a request finish after the page is closed
 * (the coding workspace's saves). */
export interface SendOptions {
  keepalive?: boolean;
}

/** Client talks to the API. fetchImpl and marker are replaceable for tests. */
export class Client {
  private token: string | null = null;
  private refreshing: Promise<Session | null> | null = null;
  private listeners = new Set<Listener>();

  constructor(
    private fetchImpl: typeof fetch = (...a) => fetch(...a),
    private marker: SessionMarker = storageMarker,
  ) {}

  /** onSession is told whenever the user signs in, refreshes or is signed out. */
  onSession(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** endedMessage says why the session ended without the person signing out
   * (expired, revoked, account disabled), until they sign in again. */
  private endedMessage: string | null = null;

  /** endedReason is the server's words for why the last session ended by
   * itself, or null after a sign-out, a sign-in or on a first visit. */
  get endedReason(): string | null {
    return this.endedMessage;
  }

  private endSession(why: string) {
    if (this.token !== null) this.endedMessage = why;
    this.setSession(null);
  }

  private setSession(s: Session | null) {
    if (s) this.endedMessage = null;
    this.marker.set(s !== null);
    if (!s && this.token === null) return; // already signed out
    this.token = s ? s.accessToken : null;
    for (const fn of this.listeners) fn(s);
  }

  /** acceptSession keeps a session returned by setup, sign-in or joining. */
  acceptSession(s: Session): Session {
    this.setSession(s);
    return s;
  }

  private async send(method: string, path: string, body: unknown, auth: boolean, opts: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this.token) headers.Authorization = `Bearer ${this.token}`;
    const json = body === undefined ? undefined : JSON.stringify(body);
    try {
      return await this.fetchImpl(`/api/v1${path}`, {
        method,
        headers,
        body: json,
        credentials: 'same-origin',
        // Browsers refuse a keepalive request over 64 KiB: a larger one goes as usual.
        ...(opts.keepalive && new TextEncoder().encode(json ?? '').length < 60_000 ? { keepalive: true } : {}),
      });
    } catch {
      throw new ApiError(0, 'network', 'Tandem cannot be reached. Check your connection and try again.');
    }
  }

  /** authorized sends a request with the access token (go reads it at each
   * call). On a 401 saying the token is no longer good it refreshes the
   * session once and sends again. It returns a successful answer and throws
   * ApiError otherwise, ending the session when the server says it is over.
   * Every call that needs a session goes through here. */
  private async authorized(go: () => Promise<Response>): Promise<Response> {
    let res = await go();
    let err: ApiError | null = null;
    if (res.status === 401 && this.token) {
      err = await toApiError(res);
      if (sessionCodes.has(err.code) && (await this.refresh())) {
        res = await go();
        err = null;
      }
    }
    if (!res.ok) {
      err ??= await toApiError(res);
      if ((res.status === 401 && sessionCodes.has(err.code)) || err.code === 'account_disabled') this.endSession(err.message);
      throw err;
    }
    return res;
  }

  /** request calls the API; on 401 it refreshes the session once and tries again. */
  async request<T>(method: string, path: string, body?: unknown, opts?: SendOptions): Promise<T> {
    const res = await this.authorized(() => this.send(method, path, body, true, opts));
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** restore brings back the session of an earlier visit when this browser
   * has one; otherwise it asks the server nothing (a signed-out page makes no
   * request that can only fail). */
  restore(): Promise<Session | null> {
    return this.marker.get() ? this.refresh() : Promise.resolve(null);
  }

  /** refresh exchanges the refresh cookie for a new session, or returns null. */
  refresh(): Promise<Session | null> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const res = await this.send('POST', '/auth/refresh', undefined, false);
        if (!res.ok) {
          this.endSession((await toApiError(res)).message);
          return null;
        }
        return this.acceptSession((await res.json()) as Session);
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  async login(email: string, password: string): Promise<Session> {
    return this.acceptSession(await this.request<Session>('POST', '/auth/login', { email, password }));
  }

  async logout(): Promise<void> {
    try {
      await this.send('POST', '/auth/logout', undefined, false);
    } catch {
      // Signed out here all the same; the server ends the session when it expires.
    } finally {
      this.endedMessage = null;
      this.setSession(null);
    }
  }

  setupNeeded = () => this.request<SetupState>('GET', '/setup');
  async setup(token: string, email: string, name: string, password: string): Promise<Session> {
    return this.acceptSession(await this.request<Session>('POST', '/setup', { token, email, name, password }));
  }

  me = () => this.request<User>('GET', '/me');
  renameMe = (name: string) => this.request<User>('PATCH', '/me', { name });
  changePassword = (currentPassword: string, newPassword: string) =>
    this.request<void>('POST', '/me/password', { currentPassword, newPassword });
  users = () => this.request<User[]>('GET', '/users');
  setUserDisabled = (uid: string, disabled: boolean) =>
    this.request<User>('PATCH', `/users/${encodeURIComponent(uid)}`, { disabled });
  /** createPasswordReset makes a one-time reset link for an account (instance admin). */
  createPasswordReset = (uid: string) => this.request<ResetLink>('POST', `/users/${encodeURIComponent(uid)}/password-reset`);
  instanceAudit = (before?: number) => this.request<AuditPage>('GET', `/audit${before ? `?before=${before}` : ''}`);
  previewPasswordReset = (token: string) => this.request<ResetPreview>('POST', '/password-reset/preview', { token });
  /** resetPassword sets a new password with a reset link and signs in. */
  async resetPassword(token: string, password: string): Promise<Session> {
    return this.acceptSession(await this.request<Session>('POST', '/password-reset', { token, password }));
  }

  projects = (archived = false) => this.request<ProjectSummary[]>('GET', `/projects${archived ? '?archived=true' : ''}`);
  createProject = (p: { name: string; description: string; researcherType: ResearcherType; researcherTypeLabel?: string }) =>
    this.request<Project>('POST', '/projects', p);
  project = (pid: string) => this.request<Project>('GET', `/projects/${encodeURIComponent(pid)}`);
  /** deleteProject deletes a project and everything in it; name is what the lead typed to confirm. */
  deleteProject = (pid: string, name: string) => this.request<void>('DELETE', `/projects/${encodeURIComponent(pid)}`, { name });
  updateProject = (
    pid: string,
    change: { version: number; name?: string; description?: string; archived?: boolean; shareTranscripts?: boolean },
  ) =>
    this.request<Project>('PATCH', `/projects/${encodeURIComponent(pid)}`, change);
  updateMember = (
    pid: string,
    uid: string,
    change: { role?: Role; displayName?: string; researcherType?: ResearcherType; researcherTypeLabel?: string },
  ) => this.request<Member>('PATCH', `/projects/${encodeURIComponent(pid)}/members/${encodeURIComponent(uid)}`, change);
  removeMember = (pid: string, uid: string) =>
    this.request<void>('DELETE', `/projects/${encodeURIComponent(pid)}/members/${encodeURIComponent(uid)}`);
  invitations = (pid: string) => this.request<Invitation[]>('GET', `/projects/${encodeURIComponent(pid)}/invitations`);
  createInvitation = (pid: string, inv: { role: Role; expiresInHours: number; note: string }) =>
    this.request<InvitationCreated>('POST', `/projects/${encodeURIComponent(pid)}/invitations`, inv);
  revokeInvitation = (pid: string, iid: string) =>
    this.request<void>('DELETE', `/projects/${encodeURIComponent(pid)}/invitations/${encodeURIComponent(iid)}`);
  audit = (pid: string, before?: number) =>
    this.request<AuditPage>('GET', `/projects/${encodeURIComponent(pid)}/audit${before ? `?before=${before}` : ''}`);

  transcripts = (pid: string) => this.request<TranscriptInfo[]>('GET', `/projects/${encodeURIComponent(pid)}/transcripts`);
  transcript = (pid: string, tid: string) =>
    this.request<Transcript>('GET', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}`);
  updateTranscript = (pid: string, tid: string, change: TranscriptDetails) =>
    this.request<TranscriptInfo>('PATCH', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}`, change);
  deleteTranscript = (pid: string, tid: string) =>
    this.request<void>('DELETE', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}`);
  updateSpeakers = (pid: string, tid: string, change: { version: number; renames: Record<string, string>; participant?: string }) =>
    this.request<Transcript>('PATCH', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}/speakers`, change);
  identifiers = (pid: string, tid: string) =>
    this.request<Identifiers>('GET', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}/identifiers`);
  redact = (pid: string, tid: string, version: number, replacements: { start: number; end: number; with: string }[]) =>
    this.request<Transcript>('POST', `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}/redactions`, {
      version,
      replacements,
    });
  identifierNames = (pid: string) => this.request<Names>('GET', `/projects/${encodeURIComponent(pid)}/identifier-names`);
  setIdentifierNames = (pid: string, names: string[]) =>
    this.request<Names>('PUT', `/projects/${encodeURIComponent(pid)}/identifier-names`, { names });

  /** uploadFile sends one file, reporting progress from 0 to 1, and returns
   * the server's result for it (or an error result when the upload failed). */
  async uploadFile(pid: string, file: File, onProgress: (fraction: number) => void): Promise<UploadResult> {
    const send = () =>
      new Promise<Response>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `/api/v1/projects/${encodeURIComponent(pid)}/transcripts`);
        if (this.token) xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) onProgress(e.loaded / e.total);
        };
        const lost = () => reject(new ApiError(0, 'network', 'The upload did not reach Tandem. Check your connection and try again.'));
        xhr.onload = () => (xhr.status ? resolve(new Response(xhr.responseText || null, { status: xhr.status })) : lost());
        xhr.onerror = lost;
        const form = new FormData();
        form.append('files', file, file.name);
        xhr.send(form);
      });
    try {
      const res = await this.authorized(send);
      const out = (await res.json()) as UploadResults;
      return out.results[0];
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { fileName: file.name, ok: false, error: { code: e.code, message: e.message } };
    }
  }

  /** sendRaw sends a body as it is (a form, or nothing) with the access
   * token, refreshing the session once on a 401; it returns the answer when
   * it is a success and throws ApiError otherwise. */
  private async sendRaw(method: string, path: string, body?: FormData): Promise<Response> {
    const go = async () => {
      const headers: Record<string, string> = {};
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      try {
        return await this.fetchImpl(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
      } catch {
        throw new ApiError(0, 'network', 'Tandem cannot be reached. Check your connection and try again.');
      }
    };
    return this.authorized(go);
  }

  /** download fetches a file of the API (which needs the access token, so a
   * plain link would not do). */
  async download(path: string, fallbackName: string): Promise<Download> {
    const res = await this.sendRaw('GET', path);
    return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('Content-Disposition'), fallbackName) };
  }

  codebook = (pid: string) => this.request<Codebook>('GET', `/projects/${encodeURIComponent(pid)}/codebook`);
  codebookTemplates = (pid: string) => this.request<CodebookTemplate[]>('GET', `/projects/${encodeURIComponent(pid)}/codebook/templates`);
  applyTemplate = (pid: string, version: number, template: string) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/template`, { version, template });
  addNode = (pid: string, body: Partial<NodeText> & { version: number; level: Level; parentId: string }) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/nodes`, body);
  updateNode = (pid: string, nid: string, change: Partial<NodeText> & { version: number; status?: 'active' | 'archived' }) =>
    this.request<Codebook>('PATCH', `/projects/${encodeURIComponent(pid)}/codebook/nodes/${encodeURIComponent(nid)}`, change);
  moveNode = (pid: string, nid: string, version: number, parentId: string, index?: number) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/nodes/${encodeURIComponent(nid)}/move`, {
      version,
      parentId,
      index,
    });
  mergeNode = (pid: string, nid: string, version: number, into: string) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/nodes/${encodeURIComponent(nid)}/merge`, { version, into });
  codebookVersions = (pid: string, before?: number) =>
    this.request<CodebookVersion[]>('GET', `/projects/${encodeURIComponent(pid)}/codebook/versions${before ? `?before=${before}` : ''}`);
  codebookVersion = (pid: string, v: number) =>
    this.request<CodebookVersion>('GET', `/projects/${encodeURIComponent(pid)}/codebook/versions/${v}`);
  propose = (
    pid: string,
    body: Partial<NodeText> & { kind: 'add' | 'edit'; level?: Level; parentId?: string; nodeId?: string; reason: string },
  ) => this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/proposals`, body);
  acceptProposal = (pid: string, prid: string, version: number) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/proposals/${encodeURIComponent(prid)}/accept`, { version });
  declineProposal = (pid: string, prid: string, reason: string) =>
    this.request<Codebook>('POST', `/projects/${encodeURIComponent(pid)}/codebook/proposals/${encodeURIComponent(prid)}/decline`, { reason });

  /** previewImport reads a codebook file (.qdc or .xlsx) and says what importing it would do. */
  async previewImport(pid: string, file: File): Promise<ImportPreview> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await this.sendRaw('POST', `/projects/${encodeURIComponent(pid)}/codebook/imports`, form);
    return (await res.json()) as ImportPreview;
  }

  /** applyImport imports a previewed file; version is the codebook version the preview was based on. */
  async applyImport(pid: string, file: File, version: number): Promise<Codebook> {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('version', String(version));
    const res = await this.sendRaw('POST', `/projects/${encodeURIComponent(pid)}/codebook/imports?apply=true`, form);
    return (await res.json()) as Codebook;
  }

  /** importProject reads a REFI-QDA project file (.qdpx or .qde); with preview it only says what the file holds, else it makes the project. */
  async importProject(file: File, preview: boolean): Promise<ProjectImport> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await this.sendRaw('POST', `/projects/import${preview ? '?preview=true' : ''}`, form);
    return (await res.json()) as ProjectImport;
  }

  /** sampleProject creates a project to try Tandem with: the RLC codebook, three fictional interviews, two demo coders. */
  sampleProject = () => this.request<Project>('POST', '/projects/sample');
  setOpenCoding = (pid: string, version: number, openCoding: boolean) =>
    this.request<Project>('PATCH', `/projects/${encodeURIComponent(pid)}`, { version, openCoding });
  progress = (pid: string) => this.request<Progress>('GET', `/projects/${encodeURIComponent(pid)}/progress`);
  /** retrieve lists the excerpts of a theme, category or domain with the text around them. */
  retrieve = (pid: string, q: { node: string; coder?: string; researcherType?: string; transcript?: string; offset?: number }) => {
    const params = new URLSearchParams({ node: q.node, context: '160', limit: '200', offset: String(q.offset ?? 0) });
    if (q.coder) params.set('coder', q.coder);
    if (q.researcherType) params.set('researcherType', q.researcherType);
    if (q.transcript) params.set('transcript', q.transcript);
    return this.request<Retrieval>('GET', `/projects/${encodeURIComponent(pid)}/retrieval?${params}`);
  };
  themeCounts = (pid: string) => this.request<ThemeCounts>('GET', `/projects/${encodeURIComponent(pid)}/theme-counts`);
  codings = (pid: string, tid: string) => this.request<Codings>('GET', `${codingPath(pid, tid)}/codings`);
  myCoding = (pid: string, tid: string) => this.request<CodingSet>('GET', `${codingPath(pid, tid)}/codings/me`);
  addExcerpt = (
    pid: string,
    tid: string,
    version: number,
    e: { id: string; start: number; end: number; themes: string[]; memo?: string; textVersion?: number },
    opts?: SendOptions,
  ) => this.request<ExcerptWritten>('POST', `${codingPath(pid, tid)}/codings/me/excerpts`, { version, ...e }, opts);
  patchExcerpt = (
    pid: string,
    tid: string,
    eid: string,
    version: number,
    change: { start?: number; end?: number; themes?: string[]; memo?: string; textVersion?: number },
    opts?: SendOptions,
  ) => this.request<ExcerptWritten>('PATCH', `${codingPath(pid, tid)}/codings/me/excerpts/${encodeURIComponent(eid)}`, { version, ...change }, opts);
  deleteExcerpt = (pid: string, tid: string, eid: string, version: number, opts?: SendOptions) =>
    this.request<ExcerptWritten>('DELETE', `${codingPath(pid, tid)}/codings/me/excerpts/${encodeURIComponent(eid)}?version=${version}`, undefined, opts);
  submitCoding = (pid: string, tid: string, version: number) =>
    this.request<CodingSet>('POST', `${codingPath(pid, tid)}/codings/me/submit`, { version });
  reopenCoding = (pid: string, tid: string, version: number, coder = 'me') =>
    this.request<CodingSet>('POST', `${codingPath(pid, tid)}/codings/${encodeURIComponent(coder)}/reopen`, { version });

  previewInvitation = (token: string) => this.request<InvitationPreview>('GET', `/invitations/${encodeURIComponent(token)}`);
  async acceptInvitation(
    token: string,
    body: {
      researcherType: ResearcherType;
      researcherTypeLabel?: string;
      displayName?: string;
      email?: string;
      name?: string;
      password?: string;
    },
  ): Promise<Joined> {
    const out = await this.request<Joined>(
      'POST',
      `/invitations/${encodeURIComponent(token)}/accept`,
      body,
    );
    if (out.session) this.acceptSession(out.session);
    return out;
  }
}

function codingPath(pid: string, tid: string): string {
  return `/projects/${encodeURIComponent(pid)}/transcripts/${encodeURIComponent(tid)}`;
}

export const api = new Client();
