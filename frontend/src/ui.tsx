// Shared pieces of the pages: links, headings, form fields, messages.
import { useEffect, useId, useRef, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { ApiError, type ResearcherType } from './api';
import { MIN_PASSWORD, emailProblem, passwordProblem } from './words';
import { navigate } from './router';

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

/** Page sets the document title and moves focus to the page heading, so screen
 * readers announce the new page. */
export function Page({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tandem`;
    h1.current?.focus();
  }, [title]);
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
  maxLength?: number;
}

/** Field is a labelled input with its hint and error tied to it. */
export function Field({ label, value, onChange, type = 'text', hint, error, autoComplete, required, multiline, name, maxLength }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    required,
    maxLength,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
  } as const;
  return (
    <div className={error ? 'field has-error' : 'field'}>
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
        <input {...common} type={type} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
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
}: {
  value: ResearcherType | '';
  selfLabel: string;
  onChange: (v: ResearcherType) => void;
  onLabel: (v: string) => void;
  error?: string | null;
}) {
  const id = useId();
  const options: { v: ResearcherType; name: string; what: string }[] = [
    { v: 'peer', name: 'Peer researcher', what: 'I bring lived experience to this research.' },
    { v: 'academic', name: 'Academic researcher', what: 'I do research as part of a university or institute.' },
    { v: 'other', name: 'Something else', what: 'I will describe it in my own words.' },
  ];
  return (
    <fieldset className={error ? 'field has-error' : 'field'} aria-describedby={error ? `${id}-error` : `${id}-hint`}>
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
      {value === 'other' && <Field label="In your own words" value={selfLabel} onChange={onLabel} maxLength={100} />}
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
    password: passwordProblem(a.password, a.confirm),
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
      <Field
        label="Choose a password"
        type="password"
        value={value.password}
        onChange={set('password')}
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD} characters. A few words that mean something to you work well.`}
        error={problems.password ?? fieldError(error, 'password')}
      />
      <Field label="Type the password again" type="password" value={value.confirm} onChange={set('confirm')} autoComplete="new-password" required />
    </>
  );
}
