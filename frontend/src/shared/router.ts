// A small history router: the Go server answers index.html for every
// non-API path, so these paths work on reload.
import { useEffect, useState } from 'react';

/** match returns the parameters of path under pattern ("/projects/:pid"), or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const clean = (s: string) => s.replace(/\/+$/, '') || '/';
  const p = clean(pattern).split('/');
  const a = clean(path).split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (a[i] === '') return null;
      try {
        params[p[i].slice(1)] = decodeURIComponent(a[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== a[i]) {
      return null;
    }
  }
  return params;
}

const listeners = new Set<() => void>();
let moved = false;

/** hasNavigated says whether the person moved to another page inside the app
 * since it loaded. A freshly loaded page leaves the focus at the top (where the
 * skip link is); a page reached inside the app moves it to its heading. */
export function hasNavigated(): boolean {
  return moved;
}

/** navigate goes to path inside the app. */
export function navigate(path: string, replace = false) {
  moved = true;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.scrollTo(0, 0);
  for (const fn of listeners) fn();
}

/** usePath returns the current path and re-renders when it changes. */
export function usePath(): string {
  const [path, setPath] = useState(() => location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    const back = () => {
      moved = true;
      update();
    };
    listeners.add(update);
    window.addEventListener('popstate', back);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', back);
    };
  }, []);
  return path;
}

/** nextPath is where to go after signing in: a path inside the app only. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
