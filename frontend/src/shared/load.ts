// Loading data for a page: one hook for every page, which keeps only the
// answer to the latest request, so that a slow answer for the project the
// person left cannot replace the one they opened.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Latest hands out request numbers and tells whether an answer is for the
 * latest request; a newer request, or a value set meanwhile, makes older
 * answers stale. */
export class Latest {
  private n = 0;

  /** next starts a request (or marks a value set by hand) and returns its number. */
  next(): number {
    return ++this.n;
  }

  /** isLatest tells whether request n is still the latest. */
  isLatest(n: number): boolean {
    return n === this.n;
  }
}

/** Loaded is what useLoad gives a page. */
export interface Loaded<T> {
  /** data is null until the first answer comes. */
  data: T | null;
  /** error is the latest request's error, cleared by the next answer. */
  error: unknown;
  /** loading is true while the latest request waits for its answer. */
  loading: boolean;
  /** set replaces the data, as after a save that answered with it; a load still under way is then ignored. */
  set: (data: T) => void;
  /** reload asks again; it resolves to the new data, or to null after an error. */
  reload: () => Promise<T | null>;
}

/** useLoad calls load when the page opens and again whenever key changes
 * (key names what is loaded, such as the project id). Only the answer to the
 * latest request is kept. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const latest = useRef(new Latest());
  const loader = useRef(load);
  useLayoutEffect(() => {
    loader.current = load;
  });
  const reload = useCallback(() => {
    const n = latest.current.next();
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    return loader.current().then(
      (data) => {
        if (latest.current.isLatest(n)) setState({ data, error: null, loading: false });
        return data;
      },
      (error: unknown) => {
        if (latest.current.isLatest(n)) setState((s) => ({ data: s.data, error, loading: false }));
        return null;
      },
    );
  }, []);
  const set = useCallback((data: T) => {
    latest.current.next();
    setState({ data, error: null, loading: false });
  }, []);
  useEffect(() => {
    void reload();
    const requests = latest.current;
    // Leaving (or loading something else): answers still on their way are stale.
    return () => void requests.next();
  }, [key, reload]);
  return { data: state.data, error: state.error, loading: state.loading, set, reload };
}
