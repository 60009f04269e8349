import { Fragment, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
// The styles used across features first: each feature's own CSS, imported by its pages, comes after.
import './styles.css';
import { api, type User } from './api/client';
import { match, navigate, nextPath, usePath } from './shared/router';
import { SessionContext } from './shared/session';
import { Link, Loading } from './shared/ui';
import { SetupPage } from './accounts/SetupPage';
import { LoginPage } from './accounts/LoginPage';
import { ProjectsPage } from './projects/ProjectsPage';
import { ProjectPage } from './projects/ProjectPage';
import { MembersPage } from './members/MembersPage';
import { InvitePage } from './accounts/InvitePage';
import { ResetPage } from './accounts/ResetPage';
import { AccountPage } from './accounts/AccountPage';
import { UsersPage } from './accounts/UsersPage';
import { AuditPage } from './projects/AuditPage';
import { RetrievalPage } from './coding/RetrievalPage';
import { AgreementPage } from './agreement/AgreementPage';
import { ComparePage } from './agreement/ComparePage';
import { NotFoundPage } from './shared/NotFoundPage';
import { TranscriptsPage } from './transcripts/TranscriptsPage';
import { ReaderPage } from './transcripts/ReaderPage';
import { TranscriptDetailsPage } from './transcripts/TranscriptDetailsPage';
import { DeidentifyPage } from './transcripts/DeidentifyPage';
import { CodebookPage } from './codebook/CodebookPage';
import { CodebookHistoryPage, CodebookVersionPage } from './codebook/CodebookHistoryPage';
import { CodebookImportPage } from './codebook/CodebookImportPage';
import { CodingPage } from './coding/CodingPage';
import { FindingsPage } from './findings/FindingsPage';
import { ExportsPage } from './exports/ExportsPage';
import { ReconcilePage } from './reconcile/ReconcilePage';
import { ConsensusPage } from './consensus/ConsensusPage';
import { DecisionsPage } from './consensus/DecisionsPage';

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
  else if ((m = match('/projects/:pid/transcripts/:tid/reconcile', path))) page = <ReconcilePage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/agreement', path))) page = <AgreementPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/compare/:tid', path))) page = <ComparePage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/findings', path))) page = <FindingsPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/exports', path))) page = <ExportsPage pid={m.pid} />;
  else if ((m = match('/projects/:pid/transcripts/:tid/consensus', path))) page = <ConsensusPage key={m.tid} pid={m.pid} tid={m.tid} />;
  else if ((m = match('/projects/:pid/decisions', path))) page = <DecisionsPage pid={m.pid} />;
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
