// The coding workspace saves every change by itself. SaveQueue keeps the
// coder's set as the server last confirmed it plus the changes not yet
// confirmed, shows the two together, and sends the changes one at a time in
// order, each with the latest version of the set:
// - a network failure (or a server error) keeps the change and tries again
//   with a growing wait ("Offline — will retry");
// - 429 waits as long as the server asks;
// - 409 version_conflict (another tab or device changed the set) takes the
//   set the server sent (details.current), and sends the same change again
//   on top of it; an excerpt added twice (the first answer was lost) is
//   recognised by its id;
// - any other refusal (a theme archived meanwhile, the coding submitted
//   elsewhere) drops that change and reports it: nothing is dropped silently.
import { ApiError, type CodingSet, type Excerpt, type ExcerptWritten } from './api';

export type ExcerptChange = Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>;

export type Op =
  | { kind: 'add'; excerpt: Excerpt }
  | { kind: 'patch'; id: string; change: ExcerptChange }
  | { kind: 'delete'; id: string };

/** SaveStatus is what the workspace shows: all saved, saving, offline (will
 * retry), or waiting because the server asked to slow down. */
export type SaveStatus = 'saved' | 'saving' | 'offline' | 'waiting';

/** Sender is the API calls the queue makes (replaceable in tests). */
export interface Sender {
  add(version: number, e: Excerpt): Promise<ExcerptWritten>;
  patch(version: number, id: string, change: ExcerptChange): Promise<ExcerptWritten>;
  remove(version: number, id: string): Promise<ExcerptWritten>;
  /** reload fetches the set when a conflict came without it. */
  reload(): Promise<Pick<CodingSet, 'version' | 'excerpts'>>;
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
}

/** backoff is the wait before retry number n (0-based): 1 s, 2 s, 4 s … at most 30 s. */
export function backoff(n: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(n, 5));
}

function isOffline(err: unknown): boolean {
  return !(err instanceof ApiError) || err.code === 'network' || err.status >= 500 || err.status === 0;
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

  constructor(
    set: Pick<CodingSet, 'version' | 'excerpts'>,
    private readonly send: Sender,
    private readonly opts: QueueOptions = {},
  ) {
    this.version = set.version;
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
    this.opts.onChange?.();
  }

  /** push adds a change and starts sending. Changes to an excerpt whose own
   * earlier change has not left yet are folded into it. */
  push(op: Op): void {
    const first = this.inFlight ? 1 : 0;
    const id = op.kind === 'add' ? op.excerpt.id : op.id;
    const idOf = (o: Op) => (o.kind === 'add' ? o.excerpt.id : o.id);
    let folded = false;
    if (op.kind === 'patch') {
      for (let i = this.pending.length - 1; i >= first; i--) {
        const o = this.pending[i];
        if (idOf(o) !== id) continue;
        if (o.kind === 'add') this.pending[i] = { kind: 'add', excerpt: { ...o.excerpt, ...op.change } };
        else if (o.kind === 'patch') this.pending[i] = { kind: 'patch', id, change: { ...o.change, ...op.change } };
        else break;
        folded = true;
        break;
      }
    } else if (op.kind === 'delete') {
      const addAt = this.pending.findIndex((o, i) => i >= first && o.kind === 'add' && o.excerpt.id === id);
      if (addAt >= 0) {
        // Never sent: forget the add and its changes.
        this.pending = this.pending.filter((o, i) => i < first || idOf(o) !== id);
        folded = true;
      } else {
        this.pending = this.pending.filter((o, i) => i < first || !(o.kind === 'patch' && o.id === id));
      }
    }
    if (!folded) this.pending.push(op);
    this.changed();
    this.run();
  }

  /** reset takes a set the server sent (a reload, a submit), keeping the pending changes. */
  reset(set: Pick<CodingSet, 'version' | 'excerpts'>): void {
    this.version = set.version;
    this.confirmed = new Map((set.excerpts ?? []).map((e) => [e.id, e]));
    this.changed();
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

  private async sendOp(op: Op): Promise<ExcerptWritten> {
    if (op.kind === 'add') return this.send.add(this.version, op.excerpt);
    if (op.kind === 'patch') return this.send.patch(this.version, op.id, op.change);
    return this.send.remove(this.version, op.id);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let failures = 0;
    let conflicts = 0;
    while (this.pending.length > 0) {
      const op = this.pending[0];
      this.setStatus(failures > 0 ? this.status : 'saving');
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
        if (err instanceof ApiError && err.code === 'rate_limited') {
          this.setStatus('waiting');
          await this.pause((err.retryAfterSeconds ?? 1) * 1000);
          continue;
        }
        if (err instanceof ApiError && err.code === 'version_conflict' && conflicts < 5) {
          conflicts++;
          let current = (err.details as { current?: CodingSet } | undefined)?.current;
          if (!current || !Array.isArray(current.excerpts)) {
            try {
              current = (await this.send.reload()) as CodingSet;
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
          this.opts.onConflict?.();
          // A change to an excerpt that is gone now has nothing to apply to.
          if (op.kind !== 'add' && !this.confirmed.has(op.id)) {
            this.pending.shift();
            if (op.kind === 'patch') this.opts.onRefused?.(op, new ApiError(404, 'not_found', 'An excerpt you changed was deleted in another tab or device.'));
            this.changed();
          }
          continue; // the same change again, on the current version
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
