// The codebook as the workspace looks themes up, and the excerpt chosen for editing.
import { useCallback, useMemo, useState } from 'react';
import type { CodebookNode } from '../api/client';

/** useThemes looks up codebook entries by id; a merged theme is looked up as the theme it went into. */
export function useThemes(nodes: CodebookNode[]) {
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const themeOf = useCallback(
    (id: string): CodebookNode | undefined => {
      let n = byId.get(id);
      for (let i = 0; n?.mergedInto && i < 5; i++) n = byId.get(n.mergedInto);
      return n;
    },
    [byId],
  );
  const themeName = useCallback((id: string) => themeOf(id)?.name ?? 'a theme no longer in the codebook', [themeOf]);
  return { byId, themeOf, themeName };
}

/** useChosen is the excerpt chosen for editing (a highlight id, or null).
 * choose also moves the focus to its editor; quietChoose does not (after
 * applying a theme the focus stays in the text). */
export function useChosen() {
  const [chosen, setChosen] = useState<string | null>(null);
  const [focus, setFocus] = useState({ take: false, tick: 0 });
  const choose = (id: string | null) => {
    setFocus((f) => ({ take: id !== null, tick: id !== null ? f.tick + 1 : f.tick }));
    setChosen(id);
  };
  const quietChoose = (id: string | null) => {
    setFocus((f) => ({ ...f, take: false }));
    setChosen(id);
  };
  return { chosen, focus, choose, quietChoose };
}
