// The coding workspace saves every change by itself. SaveQueue keeps the
// coder's set as the server last confirmed it plus the changes not yet
// confirmed, shows the two together, and sends the changes one at a time in
// order, each with the latest version of the set:
// - a network failure (or a server error) keeps the change and tries again
//   with a growing wait ("Offline — will retry");
// - 429 waits as long as the server asks, and so does 503 transcript_busy (a
//   lead is removing names from the transcript);
// - 409 version_conflict (another tab or device changed the set) takes the
//   set the server sent (details.current), and sends the same change again
//   on top of it; an excerpt added twice (the first answer was lost) is
//   recognised by its id;
// - any other refusal (a theme archived meanwhile, the coding submitted
//   elsewhere) drops that change and reports it: nothing is dropped silently.
// Every change is in the queue the moment it is made, typing included: a memo
// being typed is held back until the typing pauses (successive edits fold
// into one change), but it already counts as not saved, is kept in the
// browser (persist) and is sent at once when the page is hidden or closed
// (flush). Changes a closed tab left in the browser are replayed by the next
// one (restore), without what the server already has.
import { ApiError, type CodingSet, type Excerpt as SavedExcerpt, type ExcerptWritten } from '../api/client';

/** Excerpt is an excerpt as the workspace holds it: one the server sent, or
 * one made here and not saved yet, which has no timestamps. */
export type Excerpt = Omit<SavedExcerpt, 'createdAt' | 'updatedAt'> & Partial<Pick<SavedExcerpt, 'createdAt' | 'updatedAt'>>;

/** WorkingSet is a coder's set holding such excerpts. */
export type WorkingSet = Omit<CodingSet, 'excerpts'> & { excerpts: Excerpt[] | null };

/** Written is the answer to one write: the set's new version and the excerpt as stored. */
export type Written = Omit<ExcerptWritten, 'excerpt'> & { excerpt?: Excerpt };

export type ExcerptChange = Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>;

// A change that carries positions (an add, a patch of the bounds) says which
// version of the transcript's text they were taken on (textVersion): when a
// lead removed names since, the server moves them to the same words.
export type Op =
  | { kind: 'add'; excerpt: Excerpt; textVersion?: number }
  | { kind: 'patch'; id: string; change: ExcerptChange; textVersion?: number }
  | { kind: 'delete'; id: string };

/** SaveStatus is what the workspace shows: all saved, saving, offline (will
 * retry), or waiting because the server asked to slow down. */
export type SaveStatus = 'saved' | 'saving' | 'offline' | 'waiting';

/** Sender is the API calls the queue makes (replaceable in tests). */
export interface Sender {
  add(version: number, e: Excerpt, textVersion?: number): Promise<Written>;
  patch(version: number, id: string, change: ExcerptChange, textVersion?: number): Promise<Written>;
  remove(version: number, id: string): Promise<Written>;
  /** reload fetches the set when a conflict came without it. */
  reload(): Promise<Pick<WorkingSet, 'version' | 'excerpts'>>;
}

export interface QueueOptions {
  /** wait sleeps ms milliseconds (a timer in the app, instant in tests). */
  wait?: (ms: number) => Promise<void>;
  /** onChange is told after every change of excerpts, status or version. */
  onChange?: () => void;
  /** onRefused is told of a change the server refused, with its reason. */
  onRefused?: (op: Op, err: unknown) => void;
  /** onConflict is told when another tab or device had changed the set. */
  onConflict?: () => void;
  /** onTextChanged is told when the server's set refers to a newer text
   * (a lead removed names): the workspace loads the text again. */
  onTextChanged?: () => void;
  /** persist is told the pending changes every time they change, at once
   * (not later), so that they can be kept in the browser. */
  persist?: (pending: Op[]) => void;
  /** settleMs is how long typing must pause before a held change is sent (700 ms). */
  settleMs?: number;
}

/** PushOptions says how to send a change: settle holds it back while the
 * coder is still typing it (a memo), until the typing pauses or flush. */
export interface PushOptions {
  settle?: boolean;
}

/** opExcerpt is the id of the excerpt a change is about. */
export function opExcerpt(op: Op): string {
  return op.kind === 'add' ? op.excerpt.id : op.id;
}

/** backoff is the wait before retry number n (0-based): 1 s, 2 s, 4 s … at most 30 s. */
export function backoff(n: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(n, 5));
}

function isOffline(err: unknown): boolean {
  return !(err instanceof ApiError) || err.code === 'network' || err.status >= 500 || err.status === 0;
}

/** cleanMemo is a memo as the server keeps it (trimmed, \n line ends). */
function cleanMemo(m: string): string {
  return m.replace(/\r\n/g, '\n').trim();
}

/** differs returns the fields of change whose values e does not have yet, or null when it has them all. */
function differs(e: Excerpt, change: ExcerptChange): ExcerptChange | null {
  const out: ExcerptChange = {};
  if (change.start !== undefined && change.start !== e.start) out.start = change.start;
  if (change.end !== undefined && change.end !== e.end) out.end = change.end;
  if (change.themes !== undefined && change.themes.join('\n') !== e.themes.join('\n')) out.themes = change.themes;
  if (change.memo !== undefined && cleanMemo(change.memo) !== cleanMemo(e.memo ?? '')) out.memo = change.memo;
  return Object.keys(out).length > 0 ? out : null;
}

/** rebaseOps rewrites changes kept in the browser against the set the server
 * holds now, leaving out what it already has: a change sent as a tab closed
 * may have landed although its answer never came back, and replaying it as it
 * was would fail, add twice or undo a later change. For each excerpt the
 * changes touch, it sends the least that brings the server's excerpt to what
 * the changes meant: nothing when it is there already, a patch of the fields
 * that differ, an add, or a delete. A patch of an excerpt the server does not
 * have (deleted elsewhere) is kept, so that sending it tells the coder. */
export function rebaseOps(excerpts: Excerpt[], ops: Op[]): Op[] {
  const server = new Map(excerpts.map((e) => [e.id, e]));
  const meant = new Map(server);
  const order: string[] = [];
  const added = new Set<string>();
  const orphans = new Map<string, ExcerptChange>(); // patches of excerpts neither there nor added
  const textVersion = new Map<string, number>(); // of the latest positions given
  for (const op of ops) {
    const id = op.kind === 'add' ? op.excerpt.id : op.id;
    if (!order.includes(id)) order.push(id);
    if (op.kind !== 'delete' && op.textVersion !== undefined && (op.kind === 'add' || hasBounds(op.change))) textVersion.set(id, op.textVersion);
    if (op.kind === 'add') added.add(id);
    if (op.kind === 'patch' && !meant.has(id)) orphans.set(id, { ...orphans.get(id), ...op.change });
    if (op.kind === 'delete') orphans.delete(id); // deleted in the end: nothing to tell
    applyOp(meant, op);
  }
  const out: Op[] = [];
  const tv = (id: string) => (textVersion.has(id) ? { textVersion: textVersion.get(id) } : {});
  for (const id of order) {
    const was = server.get(id);
    const now = meant.get(id);
    if (was && now) {
      const change = differs(was, now);
      if (change) out.push({ kind: 'patch', id, change, ...(hasBounds(change) ? tv(id) : {}) });
    } else if (was) out.push({ kind: 'delete', id });
    else if (now) out.push({ kind: 'add', excerpt: now, ...tv(id) });
    else if (orphans.has(id) && !added.has(id)) out.push({ kind: 'patch', id, change: orphans.get(id)!, ...tv(id) });
  }
  return out;
}

/** hasBounds says whether a change moves an excerpt's start or end. */
function hasBounds(change: ExcerptChange): boolean {
  return change.start !== undefined || change.end !== undefined;
}

/** applyOp applies one change to a map of excerpts (by id). */
export function applyOp(m: Map<string, Excerpt>, op: Op): void {
  if (op.kind === 'add') m.set(op.excerpt.id, op.excerpt);
  else if (op.kind === 'delete') m.delete(op.id);
  else {
    const e = m.get(op.id);
    if (e) m.set(op.id, { ...e, ...op.change });
  }
}

export class SaveQueue {
  version: number;
  /** textVersion is the version of the transcript's text the coder sees;
   * changes with positions are stamped with it. */
  textVersion = 0;
  status: SaveStatus = 'saved';
  /** pending are the changes not yet confirmed, oldest first; pending[0] may be on its way. */
  pending: Op[] = [];
  private confirmed: Map<string, Excerpt>;
  private view: Excerpt[] | null = null;
  private running = false;
  private inFlight = false;
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly wait: (ms: number) => Promise<void>;
  /** holding: a change is being typed; send it once the typing pauses. */
  private holding = false;
  /** settling: the queue is waiting for the typing to pause. */
  private settling = false;

  constructor(
    set: Pick<WorkingSet, 'version' | 'excerpts'>,
    private readonly send: Sender,
    private readonly opts: QueueOptions = {},
  ) {
    this.version = set.version ?? 0; // a set of one's own always has it
    this.confirmed = new Map((set.excerpts ?? []).map((e) => [e.id, e]));
    this.wait = opts.wait ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** excerpts is the set as the coder sees it: confirmed plus pending changes. */
  excerpts(): Excerpt[] {
    if (!this.view) {
      const m = new Map(this.confirmed);
      for (const op of this.pending) applyOp(m, op);
      this.view = [...m.values()];
    }
    return this.view;
  }

  /** saved says whether the server holds every change. */
  get saved(): boolean {
    return this.pending.length === 0;
  }

  private changed() {
    this.view = null;
    this.opts.persist?.(this.pending);
    this.opts.onChange?.();
  }

  /** push adds a change and starts sending. Changes to an excerpt whose own
   * earlier change has not left yet are folded into it. With settle (a memo
   * being typed), the change waits until the typing pauses; any other change
   * sends it at once. */
  push(op: Op, opts: PushOptions = {}): void {
    if (op.kind === 'add' || (op.kind === 'patch' && hasBounds(op.change))) op = { ...op, textVersion: op.textVersion ?? this.textVersion };
    const first = this.inFlight ? 1 : 0;
    const id = opExcerpt(op);
    let folded = false;
    if (op.kind === 'patch') {
      for (let i = this.pending.length - 1; i >= first; i--) {
        const o = this.pending[i];
        if (opExcerpt(o) !== id) continue;
        // Positions taken on another text do not fold into these.
        if (hasBounds(op.change) && o.kind !== 'delete' && o.textVersion !== op.textVersion) break;
        if (o.kind === 'add') this.pending[i] = { ...o, excerpt: { ...o.excerpt, ...op.change } };
        else if (o.kind === 'patch') this.pending[i] = { ...o, change: { ...o.change, ...op.change }, ...(hasBounds(op.change) ? { textVersion: op.textVersion } : {}) };
        else break;
        folded = true;
        break;
      }
    } else if (op.kind === 'delete') {
      const addAt = this.pending.findIndex((o, i) => i >= first && o.kind === 'add' && o.excerpt.id === id);
      if (addAt >= 0) {
        // Never sent: forget the add and its changes.
        this.pending = this.pending.filter((o, i) => i < first || opExcerpt(o) !== id);
        folded = true;
      } else {
        this.pending = this.pending.filter((o, i) => i < first || !(o.kind === 'patch' && o.id === id));
      }
    }
    if (!folded) this.pending.push(op);
    if (opts.settle) this.holding = true;
    else if (this.holding || this.settling) {
      this.holding = false;
      if (this.settling) this.wake?.();
    }
    this.changed();
    this.run();
  }

  /** flush sends what is pending now, without waiting for typing to pause
   * or for the next retry: the page is being hidden or closed. */
  flush(): void {
    this.holding = false;
    this.wake?.();
  }

  /** restore takes changes a closed tab left in the browser and sends what
   * the server does not have yet (see rebaseOps); it returns those. */
  restore(ops: Op[]): Op[] {
    const todo = rebaseOps(this.excerpts(), ops);
    for (const op of todo) this.push(op);
    return todo;
  }

  /** reset takes a set the server sent (a reload, a submit), keeping the pending changes. */
  reset(set: Pick<WorkingSet, 'version' | 'excerpts' | 'textVersion'>): void {
    this.version = set.version ?? 0;
    this.confirmed = new Map((set.excerpts ?? []).map((e) => [e.id, e]));
    this.changed();
    if ((set.textVersion ?? 0) > this.textVersion) this.opts.onTextChanged?.();
  }

  /** retryNow ends a wait before the next try (the connection came back). */
  retryNow(): void {
    this.wake?.();
  }

  /** idle resolves when every change is confirmed (or refused). */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        this.wake = null;
        resolve();
      };
      this.wake = end;
      this.wait(ms).then(end);
    });
  }

  private setStatus(s: SaveStatus) {
    if (this.status !== s) {
      this.status = s;
      this.opts.onChange?.();
    }
  }

  private async sendOp(op: Op): Promise<Written> {
    if (op.kind === 'add') return this.send.add(this.version, op.excerpt, op.textVersion);
    if (op.kind === 'patch') return this.send.patch(this.version, op.id, op.change, op.textVersion);
    return this.send.remove(this.version, op.id);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let failures = 0;
    let conflicts = 0;
    while (this.pending.length > 0) {
      this.setStatus(failures > 0 ? this.status : 'saving');
      if (this.holding) {
        // The coder is typing: wait for a pause (more typing holds it again).
        this.holding = false;
        this.settling = true;
        await this.pause(this.opts.settleMs ?? 700);
        this.settling = false;
        continue;
      }
      const op = this.pending[0];
      try {
        this.inFlight = true;
        const res = await this.sendOp(op);
        this.inFlight = false;
        this.version = res.version;
        if (op.kind === 'delete') this.confirmed.delete(op.id);
        else if (res.excerpt) this.confirmed.set(res.excerpt.id, res.excerpt);
        else applyOp(this.confirmed, op);
        this.pending.shift();
        failures = 0;
        conflicts = 0;
        this.setStatus('saving');
        this.changed();
      } catch (err) {
        this.inFlight = false;
        if (err instanceof ApiError && (err.code === 'rate_limited' || err.code === 'transcript_busy')) {
          this.setStatus('waiting');
          await this.pause((err.retryAfterSeconds ?? 1) * 1000);
          continue;
        }
        if (err instanceof ApiError && err.code === 'version_conflict' && conflicts < 5) {
          conflicts++;
          let current = (err.details as { current?: WorkingSet } | undefined)?.current;
          if (!current || !Array.isArray(current.excerpts)) {
            try {
              current = (await this.send.reload()) as WorkingSet;
            } catch (e) {
              if (isOffline(e)) {
                this.setStatus('offline');
                await this.pause(backoff(failures++));
                continue;
              }
              this.pending.shift();
              this.opts.onRefused?.(op, e);
              this.changed();
              continue;
            }
          }
          this.reset(current);
          // A change to an excerpt that is gone now has nothing to apply to.
          if (op.kind !== 'add' && !this.confirmed.has(op.id)) {
            this.pending.shift();
            if (op.kind === 'patch') this.opts.onRefused?.(op, new ApiError(404, 'not_found', 'An excerpt you changed was deleted in another tab or device.'));
            this.opts.onConflict?.();
            this.changed();
            continue;
          }
          // The set may already hold the change (it landed, but its answer was
          // lost): then there is nothing to send and nothing to tell.
          const rest = rebaseOps([...this.confirmed.values()], [op]);
          if (rest.length === 0) {
            this.pending.shift();
            this.changed();
            continue;
          }
          this.pending[0] = rest[0];
          this.changed();
          this.opts.onConflict?.();
          continue; // the change again, on the current version
        }
        if (isOffline(err) || (err instanceof ApiError && err.code === 'version_conflict')) {
          this.setStatus('offline');
          await this.pause(backoff(failures++));
          continue;
        }
        // Refused for good: say so, and show the set without it.
        this.pending.shift();
        if (op.kind === 'delete' && err instanceof ApiError && err.code === 'not_found') this.confirmed.delete(op.id); // gone already
        else this.opts.onRefused?.(op, err);
        this.changed();
      }
    }
    this.running = false;
    this.setStatus('saved');
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((r) => r());
  }
}

/** KeyValue is the part of the browser's Storage that PendingStore uses. */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** PendingStore keeps the pending changes of one open workspace in the
 * browser's storage, under a key of its own (prefix.tab), so that two tabs on
 * one transcript never overwrite each other's; and it finds the changes left
 * by workspaces that are closed now. The key equal to the prefix is the one
 * earlier versions used. */
export class PendingStore {
  readonly key: string;

  constructor(
    private readonly storage: KeyValue,
    private readonly prefix: string,
    readonly tab: string,
  ) {
    this.key = `${prefix}.${tab}`;
  }

  /** save keeps ops, or forgets them when there are none. Storage that is
   * full or switched off keeps nothing; the changes are still sent from memory. */
  save(ops: Op[]): void {
    try {
      if (ops.length > 0) this.storage.setItem(this.key, JSON.stringify(ops));
      else this.storage.removeItem(this.key);
    } catch {
      // Nothing more to do: see above.
    }
  }

  /** leftBehind returns the changes kept by the workspaces that are not open
   * (open lists the tabs that are; null when the browser cannot tell, and then
   * every other tab's changes are taken), with the keys they are under. */
  leftBehind(open: Set<string> | null): { keys: string[]; ops: Op[] } {
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k === null || k === this.key || (k !== this.prefix && !k.startsWith(`${this.prefix}.`))) continue;
      const tab = k.slice(this.prefix.length + 1);
      if (tab && open?.has(tab)) continue;
      keys.push(k);
    }
    return { keys, ops: keys.flatMap((k) => parseOps(this.storage.getItem(k))) };
  }

  /** waiting lists the open tabs (other than this one) that keep changes:
   * their changes are taken over once their workspace closes. */
  waiting(open: Set<string> | null): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k === null || k === this.key || !k.startsWith(`${this.prefix}.`)) continue;
      const tab = k.slice(this.prefix.length + 1);
      if (tab && open?.has(tab)) out.push(tab);
    }
    return out;
  }

  /** keptBy returns the changes kept by one tab, with the key they are under. */
  keptBy(tab: string): { keys: string[]; ops: Op[] } {
    const k = `${this.prefix}.${tab}`;
    const raw = this.storage.getItem(k);
    return raw === null ? { keys: [], ops: [] } : { keys: [k], ops: parseOps(raw) };
  }

  /** forget removes keys whose changes another workspace took over. */
  forget(keys: string[]): void {
    for (const k of keys) this.storage.removeItem(k);
  }
}

/** parseOps reads changes kept in storage, leaving out anything malformed. */
export function parseOps(raw: string | null): Op[] {
  let v: unknown;
  try {
    v = JSON.parse(raw ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  return v.filter((o): o is Op => {
    if (!o || typeof o !== 'object') return false;
    if (o.kind === 'add') return !!o.excerpt && typeof o.excerpt.id === 'string' && Array.isArray(o.excerpt.themes);
    if (o.kind === 'patch') return typeof o.id === 'string' && !!o.change && typeof o.change === 'object';
    return o.kind === 'delete' && typeof o.id === 'string';
  });
}
