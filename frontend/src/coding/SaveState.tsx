// The save status of the coding workspace, in words and visibly.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { plural } from '../codebook/codebook';
import type { SaveQueue } from './saveQueue';

/** SaveState says whether everything is saved, in words and visibly. Screen
 * readers hear only the changes that matter (offline, slowed down, and back),
 * not "Saving…" after every change. */
export function SaveState({ queue, canCode }: { queue: SaveQueue; canCode: boolean }) {
  const [announce, setAnnounce] = useState('');
  const last = useRef(queue.status);
  const status = queue.status;
  useEffect(() => {
    const was = last.current;
    last.current = status;
    if (status === was) return;
    if (status === 'offline') setAnnounce('Offline. Your changes are kept and will be saved when the connection is back.');
    else if (status === 'waiting') setAnnounce('Saving slowly: the server asked to wait a moment.');
    else if (status === 'saved' && (was === 'offline' || was === 'waiting')) setAnnounce('Connection back: all changes saved.');
  }, [status]);
  if (!canCode) return null;
  return (
    <SaveWords queue={queue} className="save-state">
      <span className="visually-hidden" role="status">
        {announce}
      </span>
    </SaveWords>
  );
}

/** SaveWords says in words (and a dot) whether everything is saved. */
export function SaveWords({ queue, className, children }: { queue: SaveQueue; className: string; children?: ReactNode }) {
  const n = queue.pending.length;
  const words = {
    saved: 'All changes saved',
    saving: n > 0 ? `Saving… (${plural(n, 'change', 'changes')} not saved yet)` : 'Saving…',
    offline: `Offline — will retry (${plural(n, 'change', 'changes')} kept)`,
    waiting: 'Saving slowly — the server asked to wait a moment',
  }[queue.status];
  return (
    <span className={`${className} save-${queue.status}`}>
      <span aria-hidden="true" className="save-dot" />
      {words}
      {children}
    </span>
  );
}
