import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import { useForm } from '../shared/form';
import { Alert, Field, fieldError, SubmitButton } from '../shared/ui';

/** LoginForm signs in; it is also used on the invitation page. */
export function LoginForm({ onDone, submitLabel = 'Sign in', initialEmail = '' }: { onDone: () => void; submitLabel?: string; initialEmail?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const form = useForm();
  const { ref, busy, error } = form;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check({ email: email.trim() ? null : 'Enter your email address.', password: password ? null : 'Enter your password.' })) return;
    await form.run(
      async () => {
        await api.login(email.trim(), password);
        onDone();
      },
      (err) => {
        // A wrong password is typed again; after too many tries the wait is the message.
        if (err instanceof ApiError && (err.code === 'invalid_credentials' || err.code === 'rate_limited')) setPassword('');
      },
    );
  }

  const fieldProblem = form.problem;
  return (
    <form ref={ref} onSubmit={submit} noValidate className="form">
      <Field label="Email address" type="email" value={email} onChange={setEmail} autoComplete="username" required error={fieldProblem('email')} />
      <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required error={fieldProblem('password')} />
      {/* A wait after too many attempts comes worded by the server ("Try again in about 15 minutes."). */}
      <Alert error={error && !fieldError(error, 'email') && !fieldError(error, 'password') ? error : null} />
      <SubmitButton busy={busy} busyText="Signing in…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
