// What a button that sends something holds while it works: whether it is
// busy (and with what), and the server's error answer. One hook instead of
// the same lines beside every button; forms use it through useForm.
import { useEffect, useState } from 'react';

/** Shown is where an Action shows its state: React's state setters in useAction. */
export interface Shown {
  setDoing: (doing: string) => void;
  setError: (error: unknown) => void;
}

/** RunOptions tune one run: doing names what is under way (such as which of
 * several buttons was pressed); onError may handle an error itself and
 * return true, and the error is then not shown. */
export interface RunOptions {
  doing?: string;
  onError?: (err: unknown) => boolean | void;
}

/** Action runs one thing at a time: a second press while the first is under
 * way is ignored, and once the component is gone nothing more is shown. */
export class Action {
  private running = false;
  private gone = false;
  private shown: Shown;

  constructor(shown: Shown) {
    this.shown = shown;
  }

  /** busy tells whether a run is under way. */
  get busy(): boolean {
    return this.running;
  }

  /** enter marks the component as shown (again, as React may do in development). */
  enter(): void {
    this.gone = false;
  }

  /** leave marks the component as gone: a run still under way shows nothing more. */
  leave(): void {
    this.gone = true;
  }

  /** run clears the last error and calls act; it resolves to act's result,
   * or to undefined after an error or when a run was already under way. */
  run = async <R>(act: () => Promise<R>, { doing = 'busy', onError }: RunOptions = {}): Promise<R | undefined> => {
    if (this.running) return undefined;
    this.running = true;
    this.show(() => {
      this.shown.setError(null);
      this.shown.setDoing(doing);
    });
    try {
      return await act();
    } catch (err) {
      if (onError?.(err) !== true) this.show(() => this.shown.setError(err));
      return undefined;
    } finally {
      this.running = false;
      this.show(() => this.shown.setDoing(''));
    }
  };

  private show(f: () => void) {
    if (!this.gone) f();
  }
}

/** Acting is what useAction gives a component. */
export interface Acting {
  /** busy is true while a run is under way. */
  busy: boolean;
  /** doing names the run under way ('' when none): its RunOptions.doing, or 'busy'. */
  doing: string;
  /** error is the last run's error, for <Alert> (which says it in plain words). */
  error: unknown;
  setError: (error: unknown) => void;
  run: Action['run'];
}

/** useAction gives a button (or a few buttons that act one at a time) its
 * busy flag and error. */
export function useAction(): Acting {
  const [doing, setDoing] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [action] = useState(() => new Action({ setDoing, setError }));
  useEffect(() => {
    action.enter();
    return () => action.leave();
  }, [action]);
  return { busy: doing !== '', doing, error, setError, run: action.run };
}
