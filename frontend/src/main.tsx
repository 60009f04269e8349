import { Fragment, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type User } from './api';
import { match, navigate, usePath } from './router';
import { SessionContext } from './session';
import { Link, Loading } from './ui';
import { SetupPage } from './pages/Setup';
import { LoginPage, nextPath } from './pages/Login';
import { ProjectsPage } from './pages/Projects';
import { ProjectPage } from './pages/Project';
import { MembersPage } from './pages/Members';
import { InvitePage } from './pages/Invite';
import { ResetPage } from './pages/Reset';
import { AccountPage } from './pages/Account';
import { UsersPage } from './pages/Users';
import { AuditPage } from './pages/Audit';
import { RetrievalPage } from './pages/Retrieval';
import { AgreementPage } from './pages/Agreement';
import { ComparePage } from './pages/Compare';
import { NotFoundPage } from './pages/NotFound';
import { TranscriptsPage } from './pages/Transcripts';
import { ReaderPage } from './pages/Reader';
import { TranscriptDetailsPage } from './pages/TranscriptDetails';
import { DeidentifyPage } from './pages/Deidentify';
import { CodebookPage } from './pages/Codebook';
import { CodebookHistoryPage, CodebookVersionPage } from './pages/CodebookHistory';
import { CodebookImportPage } from './pages/CodebookImport';
import { CodingPage } from './pages/Coding';
import './styles.css';

// Pages anyone may open; every other page needs a signed-in user.
const publicPaths = ['/setup', '/login', '/reset', '/invite/:token'];

function App() {
  const path = usePath();
  const [user, setUser] = useState<User | null>(null);
  const [restoring, setRestoring] = useState(true);

  useEffect(() => {
    const off = api.onSession((s) => setUser(s ? s.user : null));
    // Only a browser that signed in before asks for its session back: a
    // signed-out page makes no request that can only fail with a 401.
    api
      .restore()
      .catch(() => null) // the server cannot be reached: the sign-in page says so when used
      .finally(() => setRestoring(false));
    return () => {
      off();
    };
  }, []);

  const isPublic = publicPaths.some((p) => match(p, path));
  useEffect(() => {
    if (!restoring && !user && !isPublic) {
      navigate(`/login?next=${encodeURIComponent(location.pathname)}`, true);
    }
    // Signed in already: the sign-in page has nothing to do.
    if (!restoring && user && match('/login', path)) {
      navigate(nextPath(location.search), true);
    }
  }, [restoring, user, isPublic, path]);

  let page: React.ReactNode;
  let m: Record<string, string> | null;
  if (restoring) {
    page = <Loading />;
  } else if (match('/setup', path)) page = <SetupPage />;
  else if (match('/login', path)) page = <LoginPage />;
  else if (match('/reset', path)) page = <ResetPage />;
  else if ((m = match('/invite/:token', path))) page = <InvitePage token={m.token} />;
  else if (!user) page = null;
  else if (match('/', path)) page = <ProjectsPage />;
  else if (match('/account', path)) page = <AccountPage />;
  else if (match('/admin/users', path)) page = <UsersPage />;
  else if ((m = match('/projects/:pid', path))) page = <ProjectPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/members', path))) page = <MembersPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/audit', path))) page = <AuditPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/find', path))) page = <RetrievalPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/codebook', path))) page = <CodebookPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/codebook/history', path))) page = <CodebookHistoryPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/codebook/history/:v', path))) page = <CodebookVersionPage key={m.v} pid={m.pid} v={m.v} />;
  else if ((m = match('/projects/:pid/codebook/import', path))) page = <CodebookImportPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/transcripts', path))) page = <TranscriptsPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/transcripts/:tid', path))) page = <ReaderPage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/transcripts/:tid/details', path))) page = <TranscriptDetailsPage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/transcripts/:tid/code', path))) page = <CodingPage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/transcripts/:tid/deidentify', path))) page = <DeidentifyPage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/agreement', path))) page = <AgreementPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/compare/:tid', path))) page = <ComparePage key={m.tid} pid={m.pid} tid={m.tid} />;
  else page = <NotFoundPage />;

  return (
    <SessionContext.Provider value={{ user, setUser }}>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // Focus the page without changing the address (a setup link keeps its #token).
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            Tandem
          </Link>
          {user && (
            <nav aria-label="Main">
              <ul>
                <li>
                  <Link to="/" aria-current={path === '/' ? 'page' : undefined}>
                    Projects
                  </Link>
                </li>
                {user.admin && (
                  <li>
                    <Link to="/admin/users" aria-current={path === '/admin/users' ? 'page' : undefined}>
                      Accounts
                    </Link>
                  </li>
                )}
                <li>
                  <Link to="/account" aria-current={path === '/account' ? 'page' : undefined}>
                    My account
                  </Link>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={async () => {
                      await api.logout();
                      navigate('/login');
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </ul>
              <span className="signed-in">Signed in as {user.name}</span>
            </nav>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* A new path is a new page: its state starts afresh and its heading takes the focus. */}
        <Fragment key={path}>{page}</Fragment>
      </main>
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
