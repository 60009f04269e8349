// Loading the project a page is about, and what a page says when it cannot.
import { ApiError, api } from '../api/client';
import { useLoad } from '../shared/load';
import { Alert, Link, Page } from '../shared/ui';

/** useProject loads a project; not_found means "not a member" as much as "missing". */
export function useProject(pid: string) {
  const { data: project, set: setProject, error, reload } = useLoad(pid, () => api.project(pid));
  return { project, setProject, error, reload };
}

/** ProjectMissing explains a project that cannot be shown. */
export function ProjectMissing({ error }: { error: unknown }) {
  const notFound = error instanceof ApiError && error.code === 'not_found';
  return (
    <Page title={notFound ? 'Project not found' : 'The project could not be loaded'}>
      {notFound ? <p>This project does not exist, or you are not a member of it.</p> : <Alert error={error} />}
      <p>
        <Link to="/">Back to your projects</Link>
      </p>
    </Page>
  );
}
