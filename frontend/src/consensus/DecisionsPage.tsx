// The decisions log of a project (leads only): every decision on a
// disagreement with its reason and who saw it each way, filtered by theme,
// interview, decision and the peer/academic split. The filters live in the
// address, so a filtered log can be shared, and download as a workbook.
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { useCodebook } from '../codebook/useCodebook';
import { useThemes } from '../coding/choice';
import { ProjectMissing, useProject } from '../projects/useProject';
import { useDownload } from '../shared/download';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { decisions, decisionsWorkbook } from './api';
import { DecisionsTable } from './DecisionsTable';
import { LogFiltersForm } from './LogFiltersForm';
import { filtersFromSearch, filtersQuery, isFiltered, type LogFilters } from './log';
import './consensus.css';

/** DecisionsPage shows the decisions log to leads, and a plain sentence to everyone else. */
export function DecisionsPage({ pid }: { pid: string }) {
  const { project, error } = useProject(pid);
  if (error) return <ProjectMissing error={error} />;
  if (!project) return <Loading />;
  if (project.myRole !== 'lead') {
    return (
      <Page title="Decisions log">
        <p>The decisions log is for the leads of {project.name}. It lists how they settled each disagreement between coders.</p>
        <p>
          <Link to={`/projects/${pid}`}>Back to {project.name}</Link>
        </p>
      </Page>
    );
  }
  return <DecisionsLog pid={pid} name={project.name} />;
}

function DecisionsLog({ pid, name }: { pid: string; name: string }) {
  const [filters, setFilters] = useState<LogFilters>(() => filtersFromSearch(location.search));
  const query = filtersQuery(filters);
  const loaded = useLoad(`${pid}${query}`, () => decisions(pid, filters));
  const { cb, error: codebookError } = useCodebook(pid);
  const transcripts = useLoad(pid, () => api.transcripts(pid));
  const nodes = useMemo(() => cb?.nodes ?? [], [cb]);
  const { themeOf } = useThemes(nodes);
  const themes = useMemo(() => nodes.filter((n) => n.level === 'theme' && !n.mergedInto), [nodes]);
  const titles = useMemo(() => new Map((transcripts.data ?? []).map((t) => [t.id, t.title])), [transcripts.data]);
  const [notice, setNotice] = useState('');
  const downloading = useDownload(setNotice);

  function choose(f: LogFilters) {
    setFilters(f);
    // The address says what is shown: it can be shared, and a reload keeps it.
    history.replaceState(null, '', `${location.pathname}${filtersQuery(f)}`);
  }

  const list = loaded.data;
  const filtered = isFiltered(filters);
  const splits = list?.filter((d) => d.split && !d.superseded).length ?? 0;
  return (
    <Page title="Decisions log" wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to {name}</Link>
      </p>
      <p className="lead-text">
        Every decision on a disagreement between coders, with its reason and who saw it each way. Where peer researchers and academics saw a
        passage differently, that is a finding too.
      </p>
      <LogFiltersForm filters={filters} nodes={nodes} themes={themes} transcripts={transcripts.data ?? []} onChange={choose} />
      <p className="cs-download">
        <button type="button" aria-disabled={downloading.doing ? true : undefined} onClick={() => downloading.get('decisions', () => decisionsWorkbook(pid, filters))}>
          {downloading.doing ? 'Preparing…' : 'Download the decisions workbook'}
        </button>
        <span className="hint">{filtered ? 'The decisions chosen above, as an Excel file.' : 'Every decision, as an Excel file.'}</span>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <Alert error={loaded.error ?? codebookError ?? transcripts.error ?? downloading.error} />
      {!list && !loaded.error && <Loading />}
      {list && (
        <div aria-busy={loaded.loading || undefined}>
          <p role="status" className="cs-count-line">
            {countWords(list.length, splits, filtered)}
          </p>
          {list.length === 0 ? (
            <p className="cs-empty">
              {filtered
                ? 'No decision matches these choices. Choose “Show every decision” to see them all.'
                : 'No decisions yet. They appear here as a lead settles the disagreements of an interview.'}
            </p>
          ) : (
            <DecisionsTable
              decisions={list}
              titleOf={(tid) => titles.get(tid) ?? 'An interview'}
              themeOf={themeOf}
              caption={filtered ? 'The decisions chosen, oldest first' : 'Every decision, oldest first'}
            />
          )}
        </div>
      )}
    </Page>
  );
}

/** countWords says how many decisions are shown and how many split peers and academics. */
function countWords(n: number, splits: number, filtered: boolean): string {
  if (n === 0) return filtered ? 'No decisions match.' : 'No decisions yet.';
  const what = n === 1 ? `1 decision${filtered ? ' matches these choices' : ''}` : `${n} decisions${filtered ? ' match these choices' : ''}`;
  return splits > 0 ? `${what}; ${splits} split peer researchers and academics.` : `${what}.`;
}
