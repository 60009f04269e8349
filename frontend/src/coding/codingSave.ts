// Saving in the coding workspace, in the browser: one SaveQueue per open
// workspace; its pending changes kept in localStorage under a key of its own
// the moment they are made; the changes a closed tab left replayed; and
// everything pending sent at once, with keepalive, when the page is hidden or
// closed, so that a memo typed just before the tab closes still arrives.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, type CodingSet } from '../api/client';
import { newId } from './coding';
import { refusedPhase, replayWords } from './frozen';
import { opExcerpt, PendingStore, SaveQueue, type Op } from './saveQueue';
import type { Phase } from '../reconcile/api';
import { messageOf } from '../shared/ui';

// Each open workspace holds a Web Lock named for its tab while it lives; the
// browser lets it go when the tab closes or crashes. A workspace opening later
// takes over the kept changes of tabs whose lock is free.
const lockPrefix = 'tandem.tab.';

function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks ? navigator.locks : null;
}

/** holdTab holds the lock of tab until the returned function is called. */
function holdTab(tab: string): () => void {
  const lm = locks();
  let release: (() => void) | null = null;
  let done = false;
  lm?.request(lockPrefix + tab, () => (done ? Promise.resolve() : new Promise<void>((r) => (release = r)))).catch(() => {});
  return () => {
    done = true;
    release?.();
  };
}

/** openTabs lists the tabs whose workspace is open, or null when the browser cannot tell (no Web Locks outside https). */
async function openTabs(): Promise<Set<string> | null> {
  const lm = locks();
  if (!lm) return null;
  try {
    const s = await lm.query();
    return new Set((s.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(lockPrefix)).map((n) => n.slice(lockPrefix.length)));
  } catch {
    return null;
  }
}

/** refusalWords says which change was not saved, and why. */
function refusalWords(op: Op, err: unknown): string {
  const what = op.kind === 'add' ? 'A new excerpt' : op.kind === 'patch' ? 'A change to an excerpt' : 'Deleting an excerpt';
  return `${what}: ${messageOf(err)}`;
}

/** Replay is what became of the changes made last time and sent when the
 * workspace opened, by the excerpts they are about: all of them (ids), those
 * refused because the interview moved to phase meanwhile (frozen), and those
 * refused for another reason (refused, said as errors). */
interface Replay {
  ids: Set<string>;
  frozen: Set<string>;
  refused: Set<string>;
  phase: Phase | null;
}

const noReplay: Replay = { ids: new Set(), frozen: new Set(), refused: new Set(), phase: null };

/** withId returns a copy of set with id added. */
function withId(set: Set<string>, id: string): Set<string> {
  return new Set(set).add(id);
}

/** Changes counts the changes of a save queue, for useSyncExternalStore: the
 * workspace draws again after each one. */
class Changes {
  private n = 0;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  count = () => this.n;

  changed = () => {
    this.n++;
    for (const l of this.listeners) l();
  };
}

/** useSaveQueue returns the coder's save queue for a transcript and what the
 * workspace tells about it: changes refused, a conflict with another tab,
 * changes replayed from last time (replayNote: sent, or refused because
 * the transcript moved to reconciling or locked meanwhile), and the changes
 * made now that were refused for that reason (lost; onFrozen is told the
 * phase, and the workspace says it in one plain notice). Without a set of
 * their own (a reader), the queue stays empty and nothing is kept. */
export function useSaveQueue(
  pid: string,
  tid: string,
  userId: string,
  ownSet: CodingSet | undefined,
  textVersion: number,
  onTextChanged: () => void,
  onFrozen: (phase: Phase) => void,
) {
  const [refused, setRefused] = useState<string[]>([]);
  const [lost, setLost] = useState(0);
  const [conflictNote, setConflictNote] = useState(false);
  const [replay, setReplay] = useState<Replay>(noReplay);
  const replayed = useRef(new Set<string>()); // the excerpts of replay.ids, for onRefused
  const made = useRef<{ queue: SaveQueue; store: PendingStore; changes: Changes } | null>(null);
  const textChanged = useRef(onTextChanged);
  const frozen = useRef(onFrozen);
  useEffect(() => {
    textChanged.current = onTextChanged;
    frozen.current = onFrozen;
  });
  if (!made.current) {
    const changes = new Changes();
    const store = new PendingStore(localStorage, `tandem.pending.${pid}.${tid}.${userId}`, newId());
    const keep = { keepalive: true };
    const queue = new SaveQueue(
      { version: ownSet?.version ?? 0, excerpts: ownSet?.excerpts ?? [] },
      {
        add: (v, e, textVersion) =>
          api.addExcerpt(pid, tid, v, { id: e.id, start: e.start, end: e.end, themes: e.themes, memo: e.memo || undefined, textVersion }, keep),
        patch: (v, id, change, textVersion) => api.patchExcerpt(pid, tid, id, v, { ...change, textVersion }, keep),
        remove: (v, id) => api.deleteExcerpt(pid, tid, id, v, keep),
        reload: () => api.myCoding(pid, tid),
      },
      {
        onChange: changes.changed,
        onRefused: (op, err) => {
          const phase = refusedPhase(err);
          const id = opExcerpt(op);
          const kept = replayed.current.has(id);
          if (!phase) {
            if (kept) setReplay((r) => ({ ...r, refused: withId(r.refused, id) }));
            return setRefused((r) => [...r, refusalWords(op, err)]);
          }
          if (kept) setReplay((r) => ({ ...r, frozen: withId(r.frozen, id), phase }));
          else setLost((n) => n + 1);
          frozen.current(phase);
        },
        onConflict: () => setConflictNote(true),
        onTextChanged: () => textChanged.current(),
        persist: (ops) => store.save(ops),
      },
    );
    queue.textVersion = textVersion;
    made.current = { queue, store, changes };
  }
  const { queue, store, changes } = made.current;
  useSyncExternalStore(changes.subscribe, changes.count);
  queue.textVersion = textVersion;
  const canCode = !!ownSet;

  useEffect(() => {
    if (!canCode) return;
    const release = holdTab(store.tab);
    let live = true;
    const stop = new AbortController();
    const takeOver = (left: { keys: string[]; ops: Op[] }) => {
      if (!live || left.keys.length === 0) return;
      const ops = queue.restore(left.ops); // kept under this tab's key before the old keys go
      store.forget(left.keys);
      if (ops.length === 0) return;
      for (const op of ops) replayed.current.add(opExcerpt(op));
      setReplay((r) => ({ ...r, ids: new Set(replayed.current) }));
    };
    openTabs().then((open) => {
      if (!live) return;
      takeOver(store.leftBehind(open));
      // A tab that keeps changes may still be listed as open just after it
      // closed (the browser lets its lock go a moment later), or be open
      // for real: its changes are taken over once its lock is free.
      for (const tab of store.waiting(open)) {
        locks()
          ?.request(lockPrefix + tab, { signal: stop.signal }, () => takeOver(store.keptBy(tab)))
          .catch(() => {});
      }
    });
    const flush = () => queue.flush();
    const hidden = () => {
      if (document.visibilityState === 'hidden') queue.flush();
    };
    const online = () => queue.retryNow();
    const leaving = (e: BeforeUnloadEvent) => {
      if (!queue.saved) {
        queue.flush();
        e.preventDefault();
        e.returnValue = ''; // older browsers ask only when this is set
      }
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', leaving);
    return () => {
      live = false;
      stop.abort();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', leaving);
      // Leaving the workspace inside the app: send what is pending now; the
      // tab's lock (and so its kept changes) goes once all is saved.
      queue.flush();
      queue.idle().then(release);
    };
  }, [queue, store, canCode]);

  return {
    queue,
    refused,
    clearRefused: () => setRefused([]),
    conflictNote,
    clearConflictNote: () => setConflictNote(false),
    // What was sent is said once it is saved; what the phase refused, at once.
    replayNote: replayWords(queue.saved ? [...replay.ids].filter((id) => !replay.frozen.has(id) && !replay.refused.has(id)).length : 0, replay.frozen.size, replay.phase),
    clearReplayNote: () => {
      replayed.current.clear();
      setReplay(noReplay);
    },
    lost,
  };
}
