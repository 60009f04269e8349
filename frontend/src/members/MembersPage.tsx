
import { useSession } from '../shared/session';
import { Link, Loading, Page } from '../shared/ui';
import { ProjectMissing, useProject } from '../projects/useProject';
import { MembersTable } from './MembersTable';
import { ManageMembers } from './ManageMembers';
import { Invitations } from './Invitations';
import { MyDetails } from './MyDetails';

/** MembersPage: leads manage members and invitations; everyone edits their own details. */
export function MembersPage({ pid }: { pid: string }) {
  const { project, error, reload } = useProject(pid);
  const { user } = useSession();
  if (error) return <ProjectMissing error={error} />;
  if (!project || !user) return <Loading />;
  const me = project.members.find((m) => m.userId === user.id);
  const lead = project.myRole === 'lead';
  return (
    <Page title={`Members of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      {lead ? (
        <ManageMembers project={project} myId={user.id} onChange={reload} />
      ) : (
        <MembersTable members={project.members} caption={`Who is in this project (${project.members.length})`} />
      )}
      {lead && <Invitations pid={pid} />}
      {me && <MyDetails pid={pid} me={me} lead={lead} onChange={reload} />}
    </Page>
  );
}
