import { api } from '../api/client';
import { AuditLog } from './AuditLog';
import { Link, Loading, Page } from '../shared/ui';
import { ProjectMissing, useProject } from './useProject';

/** AuditPage shows a project's audit log to its leads, newest first. */
export function AuditPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project) return <Loading />;
  return (
    <Page title={`Audit log of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      {project.myRole === 'lead' ? (
        <p>Every change to the project, who made it and when, newest first. Nothing here can be edited or deleted.</p>
      ) : (
        <p>The audit log is kept for the project's leads.</p>
      )}
      <AuditLog load={(before) => api.audit(pid, before)} label="Audit log" empty="Nothing has happened yet." />
    </Page>
  );
}
