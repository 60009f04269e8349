// What every form holds while a person fills it in and sends it: whether it
// is sending, the server's error answer, the problems found before sending,
// and the focus moved to the first problem. One hook instead of the same
// four lines in every form. Sending goes through useAction.
import { useState } from 'react';
import { useAction } from './action';
import { fieldError, useProblemFocus } from './ui';

/** Problems are the problems found before sending, by field (null: none). */
export type Problems = Record<string, string | null>;

/** useForm gives a form its state; ref goes on the <form>, so that the first
 * field with a problem takes the focus. */
export function useForm<T extends HTMLElement = HTMLFormElement>() {
  const { busy, error, setError, run: act } = useAction();
  const [problems, setProblems] = useState<Problems>({});
  const { ref, focusProblem } = useProblemFocus<T>();

  /** check starts a new try: it clears the last error and shows the
   * problems found; it returns true, with the focus on the first, when there
   * is one (the form is then not sent). */
  function check(found: Problems = {}): boolean {
    setError(null);
    setProblems(found);
    if (Object.values(found).some(Boolean)) {
      focusProblem();
      return true;
    }
    return false;
  }

  /** run sends: the form is busy until send ends (a second send meanwhile
   * is ignored). When it fails, onError may handle the error (and return
   * true); otherwise the error is shown and the focus goes to the field it
   * names. It resolves to send's result, or undefined after an error. */
  function run<R>(send: () => Promise<R>, onError?: (err: unknown) => boolean | void): Promise<R | undefined> {
    return act(send, {
      onError: (err) => {
        if (onError?.(err) === true) return true;
        focusProblem();
      },
    });
  }

  /** problem is a field's problem: found before sending, or named in the server's answer. */
  const problem = (field: string) => problems[field] ?? fieldError(error, field);

  return { ref, busy, error, setError, problems, setProblems, check, run, problem, focusProblem };
}
