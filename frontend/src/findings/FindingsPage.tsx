// The findings: what the consensus says, theme by theme, as a paper's
// results table ("8 of 10 participants"), with the quotes a lead picks, and
// how each coder compares with the consensus.
import { useState } from 'react';
import type { FindingRow } from '../api/types';
import { ProjectMissing, useProject } from '../projects/useProject';
import { useDownload } from '../shared/download';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { consensusAgreement, findings, findingsWorkbook } from './api';
import { ConsensusSection } from '../agreement/ConsensusSection';
import { FindingsTable } from './FindingsTable';
import { QuotePicker } from './QuotePicker';
import './findings.css';

/** FindingsPage shows the findings to every member; leads pick quotes and download the workbook. */
export function FindingsPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const { data, error, reload } = useLoad(pid, () => findings(pid));
  const role = project?.myRole;
  const figures = useLoad(`${pid}/${role ?? ''}`, () => (role && role !== 'viewer' ? consensusAgreement(pid) : Promise.resolve(null)));
  const [picking, setPicking] = useState<FindingRow | null>(null);
  const [notice, setNotice] = useState('');
  const downloading = useDownload(setNotice);

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project) return <Loading />;
  const lead = role === 'lead';

  const download = () => downloading.get('findings', () => findingsWorkbook(pid));

  function closePicker() {
    const id = picking?.nodeId;
    setPicking(null);
    // Back to the button that opened the picker.
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`button[data-theme="${id}"]`)?.focus());
  }

  return (
    <Page title="Findings" wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to {project.name}</Link>
      </p>
      <p className="lead-text">
        What the team agreed on: for each theme, how many participants and interviews it appears in, with quotes that show it.
        {lead ? ' It counts every interview with a consensus.' : ' It counts the interviews a lead has locked.'}
      </p>
      <Alert error={error ?? downloading.error} />
      {notice && <Notice>{notice}</Notice>}
      {lead && (
        <p>
          <button type="button" onClick={download}>
            Download the findings workbook
          </button>
        </p>
      )}
      {!data && !error && <Loading />}
      {data && data.transcripts === 0 && (
        <p className="fd-empty">
          {lead ? 'No interview has a consensus yet. The counts fill in as you reconcile the coding.' : 'No interview is locked yet, so there is nothing to count.'}
        </p>
      )}
      {data && <FindingsTable findings={data} onPick={lead ? setPicking : undefined} />}
      {picking && <QuotePicker pid={pid} row={picking} onChanged={() => void reload()} onClose={closePicker} />}
      <Alert error={figures.error} />
      {figures.data && <ConsensusSection report={figures.data} lead={lead} />}
    </Page>
  );
}
