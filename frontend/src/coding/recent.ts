import { useState } from 'react';
import type { CodebookNode } from '../api/client';
import { pushRecent } from './coding';

/** useRecent is the themes the coder used last in a project (kept in this
 * browser), those still usable first, and remember(themes) to put themes
 * just used in front. */
export function useRecent(pid: string, byId: Map<string, CodebookNode>) {
  const key = `tandem.recent.${pid}`;
  const [recent, setRecent] = useState<string[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]') as string[];
    } catch {
      return [];
    }
  });
  const usable = recent.filter((id) => {
    const n = byId.get(id);
    return n && n.level === 'theme' && n.status === 'active' && !n.mergedInto;
  });
  function remember(themes: string[]) {
    const next = pushRecent(recent, themes);
    setRecent(next);
    localStorage.setItem(key, JSON.stringify(next));
  }
  return { recent: usable, remember };
}
