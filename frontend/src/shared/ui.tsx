// Shared pieces of the pages: links, headings, form fields, messages.
import { useCallback, useEffect, useId, useRef, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { ApiError, type ResearcherType } from '../api/client';
import { PASSWORD_HINT, emailProblem, passwordProblems } from './words';
import { characterCount } from './counter';
import { hasNavigated, navigate } from './router';

/** Link is an anchor that moves inside the app without reloading. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Page sets the document title and, when it is reached by moving inside the
 * app, moves focus to the page heading, so screen readers announce the new page.
 * (A title that changes later, such as a renamed project, leaves the focus where
 * the person is; a freshly loaded page starts at the skip link.) */
export function Page({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tandem`;
  }, [title]);
  useEffect(() => {
    if (hasNavigated()) h1.current?.focus();
  }, []);
  return (
    <div className={wide ? 'page wide' : 'page'}>
      <h1 ref={h1} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** messageOf turns any error into words for people. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}

/** Alert shows an error that screen readers announce at once. */
export function Alert({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  return (
    <div className="alert" role="alert" id={id}>
      {typeof error === 'string' ? error : messageOf(error)}
    </div>
  );
}

/** Notice shows a success message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  hint?: string;
  error?: string | null;
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
  name?: string;
  /** maxLength is the most characters the server takes: near it the field
   * shows a counter, over it says so (it never cuts what people type). */
  maxLength?: number;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'text' | 'email';
}

/** Field is a labelled input with its hint and error tied to it, and a
 * counter near its maximum length. */
export function Field({ label, value, onChange, type = 'text', hint, error, autoComplete, required, multiline, name, maxLength, autoFocus, inputMode }: FieldProps) {
  const id = useId();
  const count = maxLength ? characterCount(value, maxLength) : null;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', count?.show ? `${id}-count` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    required,
    autoFocus,
    'aria-invalid': error || count?.over ? true : undefined,
    'aria-describedby': described,
  } as const;
  return (
    <div className={error || count?.over ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
      {count?.show && (
        <p className={count.over ? 'field-count over' : 'field-count'} id={`${id}-count`}>
          {count.text}
        </p>
      )}
      {count && (
        <span className="visually-hidden" role="status">
          {count.over ? `${label}: too long. Shorten it to ${maxLength!.toLocaleString('en-GB')} characters or fewer.` : ''}
        </span>
      )}
    </div>
  );
}

/** ResearcherTypeField asks how a member describes themself in the team. */
export function ResearcherTypeField({
  value,
  selfLabel,
  onChange,
  onLabel,
  error,
  labelError,
}: {
  value: ResearcherType | '';
  selfLabel: string;
  onChange: (v: ResearcherType) => void;
  onLabel: (v: string) => void;
  error?: string | null;
  labelError?: string | null;
}) {
  const id = useId();
  const options: { v: ResearcherType; name: string; what: string }[] = [
    { v: 'peer', name: 'Peer researcher', what: 'I bring lived experience to this research.' },
    { v: 'academic', name: 'Academic researcher', what: 'I do research as part of a university or institute.' },
    { v: 'other', name: 'Something else', what: 'I will describe it in my own words.' },
  ];
  return (
    <fieldset className={error ? 'field has-error' : 'field'} aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}>
      <legend>How do you take part in this research?</legend>
      <p className="hint" id={`${id}-hint`}>
        Tandem uses this to compare how peer and academic researchers code. You can change it later.
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {options.map((o) => (
        <label className="choice" key={o.v}>
          <input type="radio" name={`${id}-type`} value={o.v} checked={value === o.v} onChange={() => onChange(o.v)} />
          <span>
            <strong>{o.name}</strong>
            <span className="choice-what">{o.what}</span>
          </span>
        </label>
      ))}
      {value === 'other' && (
        <Field
          label="In your own words"
          hint="For example: community organiser, clinician, student. Up to 100 characters."
          value={selfLabel}
          onChange={onLabel}
          maxLength={100}
          error={labelError}
        />
      )}
    </fieldset>
  );
}

/** fieldError returns the server's message when it refused the named field. */
export function fieldError(err: unknown, field: string): string | null {
  return err instanceof ApiError && err.field === field ? err.message : null;
}

/** Loading says that a page is still loading. */
export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}

/** NewAccount is what a person types to create an account. */
export interface NewAccount {
  name: string;
  email: string;
  password: string;
  confirm: string;
}

export const emptyAccount: NewAccount = { name: '', email: '', password: '', confirm: '' };

/** newAccountProblems checks a new account before it is sent. */
export function newAccountProblems(a: NewAccount): Record<string, string | null> {
  return {
    name: a.name.trim() ? null : 'Enter your name.',
    email: emailProblem(a.email),
    ...passwordProblems(a.password, a.confirm),
  };
}

/** accountFields are the request fields NewAccountFields shows errors for. */
export const accountFields = ['name', 'email', 'password'];

/** NewAccountFields asks for a name, an email address and a password typed twice. */
export function NewAccountFields({
  value,
  onChange,
  problems,
  error,
}: {
  value: NewAccount;
  onChange: (a: NewAccount) => void;
  problems: Record<string, string | null>;
  error: unknown;
}) {
  const set = (k: keyof NewAccount) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <>
      <Field label="Your name" value={value.name} onChange={set('name')} autoComplete="name" required maxLength={100} error={problems.name ?? fieldError(error, 'name')} />
      <Field label="Email address" type="email" value={value.email} onChange={set('email')} autoComplete="email" required error={problems.email ?? fieldError(error, 'email')} />
      <PasswordFields
        labels={['Choose a password', 'Type the password again']}
        password={value.password}
        confirm={value.confirm}
        onPassword={set('password')}
        onConfirm={set('confirm')}
        errors={[problems.password ?? fieldError(error, 'password'), problems.confirm]}
      />
    </>
  );
}

/** PasswordFields asks for a new password twice. Each box shows its own
 * problem (see passwordProblems): a password that breaks the rule (the
 * first box's hint) on the first, a second one that differs on the second. */
export function PasswordFields({
  labels = ['New password', 'Type the new password again'],
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
}: {
  labels?: [string, string];
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: [string | null | undefined, string | null | undefined];
}) {
  return (
    <>
      <Field
        label={labels[0]}
        type="password"
        value={password}
        onChange={onPassword}
        autoComplete="new-password"
        required
        hint={PASSWORD_HINT}
        error={errors[0]}
      />
      <Field label={labels[1]} type="password" value={confirm} onChange={onConfirm} autoComplete="new-password" required error={errors[1]} />
    </>
  );
}

/** useProblemFocus moves the focus to the first field with a problem after the
 * problems are shown, so that keyboard and screen-reader users land on it and
 * hear its message. Put ref on the form; call focusProblem() when a check or
 * the server refused what was typed. */
export function useProblemFocus<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (tick === 0) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset.has-error input')?.focus();
  }, [tick]);
  const focusProblem = useCallback(() => setTick((t) => t + 1), []);
  return { ref, focusProblem };
}

/** ConfirmAction is a button that asks before it acts. The question takes the
 * button's place with the focus on the safe choice; cancelling puts the focus
 * back on the button. */
export function ConfirmAction({
  label,
  question,
  yes,
  no = 'Cancel',
  onConfirm,
}: {
  label: ReactNode;
  question: ReactNode;
  yes: string;
  no?: string;
  onConfirm: () => Promise<unknown> | void;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const qid = useId();
  useEffect(() => {
    if (asking) safe.current?.focus();
    else if (wasAsking.current) trigger.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" ref={trigger} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-labelledby={qid}>
      <span id={qid}>{question}</span>
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {yes}
      </button>
      <button type="button" ref={safe} onClick={() => setAsking(false)}>
        {no}
      </button>
    </div>
  );
}

/** copyText copies text, also where the clipboard API is missing (plain http). */
export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** OneTimeLink shows a link that is shown only once (an invitation, a
 * password reset) with a copy button; the focus goes to the link when it
 * appears. */
export function OneTimeLink({
  heading,
  level = 3,
  label,
  url,
  children,
}: {
  heading: string;
  level?: 2 | 3;
  label: string;
  url: string;
  children: ReactNode;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  const [copied, setCopied] = useState<'yes' | 'failed' | ''>('');
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    setCopied('');
    input.current?.focus();
  }, [url]);
  return (
    <div className="created-link">
      <H>{heading}</H>
      {children}
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={input} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={async () => setCopied((await copyText(url, input.current)) ? 'yes' : 'failed')}>
          Copy the link
        </button>
      </div>
      <p role="status" className="copy-status">
        {copied === 'yes' && 'The link is copied. Paste it into an email or a message.'}
        {copied === 'failed' && 'Copying did not work here. The link is selected: copy it with Ctrl+C (or ⌘+C on a Mac).'}
      </p>
    </div>
  );
}

/** SubmitButton sends a form. While busy it says so and ignores presses, but
 * stays focusable (a disabled button would drop the keyboard focus); the form's
 * submit handler must return early while busy. */
export function SubmitButton({
  busy,
  busyText,
  children,
  disabled,
  className = 'primary',
}: {
  busy: boolean;
  busyText: string;
  children: ReactNode;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <button type="submit" className={className} aria-disabled={busy || undefined} disabled={disabled}>
      {busy ? busyText : children}
    </button>
  );
}
