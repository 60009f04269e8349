import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { navigate, nextPath } from '../shared/router';
import { Page } from '../shared/ui';
import { LoginForm } from './LoginForm';

/** LoginPage is the sign-in page. */
export function LoginPage() {
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [ended] = useState(() => api.endedReason);
  useEffect(() => {
    api.setupNeeded().then((s) => setSetupNeeded(s.needed), () => {});
  }, []);
  return (
    <Page title="Sign in to Tandem">
      {setupNeeded && (
        <div className="notice" role="status">
          <p>
            <strong>This Tandem has no accounts yet.</strong> Look in the server's output for the setup link: a line
            with <code>/setup#token=</code> printed when the server started. Open that whole link in this browser to
            create the first account.
          </p>
        </div>
      )}
      {ended && !setupNeeded && (
        <div className="notice" role="status">
          {ended}
        </div>
      )}
      <LoginForm onDone={() => navigate(nextPath(location.search), true)} />
      <p className="meta after-form">No account yet? Ask your project lead for an invitation link.</p>
      <p className="meta">
        Forgot your password? Ask the person who runs Tandem for your team (the instance admin) for a link to choose a new
        one.
      </p>
    </Page>
  );
}
