// The agreement dashboard: how far the coders of a project agree, theme by
// theme, with the figures a journal asks for, the reading of each in plain
// words, and a way from every figure to the places where the coders differ.
import { useEffect, useState } from 'react';
import { useProject } from '../projects/useProject';
import { api, type TranscriptInfo } from '../api/client';
import { agreementReport, agreementWorkbook, defaultFilters, type ReportFilters } from './api';
import type { AgreementReport, ReportCoder, Row } from '../api/types';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { useDownload } from '../shared/download';
import { useLoad } from '../shared/load';
import { Explainer } from './figures';
import { RollUpSection, ThemeSection } from './tables';
import { ThemeDifferences } from './ThemeDifferences';
import { GroupSection, MatrixSection } from './CoderSections';
import { ChartSection, TranscriptSection } from './sections';
import { Filters, OnThisPage, Summary } from './Filters';
import { ConsensusSection } from './ConsensusSection';
import { consensusAgreement } from '../findings/api';
import './agreement.css';

const storeKey = (pid: string) => `tandem.agreementFilters.${pid}`;

function storedFilters(pid: string): ReportFilters {
  try {
    const f = JSON.parse(sessionStorage.getItem(storeKey(pid)) ?? 'null') as ReportFilters | null;
    if (f && typeof f.unit === 'string' && typeof f.overlap === 'number' && Array.isArray(f.transcripts) && Array.isArray(f.coders)) return f;
  } catch {
    // start with the defaults
  }
  return defaultFilters;
}

/** AgreementPage is the dashboard of a project's agreement (leads only). */
export function AgreementPage({ pid }: { pid: string }) {
  const { project, error: loadError } = useProject(pid);
  const [transcripts, setTranscripts] = useState<TranscriptInfo[]>([]);
  const [filters, setFilters] = useState<ReportFilters>(() => storedFilters(pid));
  const [coders, setCoders] = useState<ReportCoder[]>([]); // everyone seen in a report, for the filter
  const [theme, setTheme] = useState<Row | null>(null); // the theme whose differences are shown
  const [notice, setNotice] = useState('');

  const lead = project?.myRole === 'lead';
  useEffect(() => {
    if (!lead) return;
    api.transcripts(pid).then(setTranscripts, () => {});
    // The coders to choose from: everyone who submitted coding, whatever the filters.
    if (filters.coders.length > 0 || filters.transcripts.length > 0) {
      agreementReport(pid, { ...defaultFilters, unit: filters.unit }, 0).then((r) => addCoders(r.coders), () => {});
    }
    // Once per project: later reports add their coders as the filters change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pid, lead]);

  function addCoders(cs: ReportCoder[]) {
    setCoders((old) => {
      const by = new Map(old.map((c) => [c.id, c]));
      for (const c of cs) by.set(c.id, c);
      return [...by.values()].sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  // A report for each choice of filters; only the latest choice's answer is kept.
  const loaded = useLoad(lead ? `${pid} ${JSON.stringify(filters)}` : '', () =>
    lead
      ? agreementReport(pid, filters).then((r): AgreementReport | null => {
          addCoders(r.coders);
          return r;
        })
      : Promise.resolve(null),
  );
  const report = loaded.data;
  // Each coder against the consensus: a lead's with the unit and overlap chosen, a coder's own with the defaults.
  const role = project?.myRole ?? '';
  const vsConsensus = useLoad(role === 'lead' || role === 'coder' ? `${pid} ${role} ${filters.unit} ${filters.overlap}` : '', () =>
    role === 'lead' || role === 'coder' ? consensusAgreement(pid, role === 'lead' ? filters : defaultFilters) : Promise.resolve(null),
  );
  const busy = lead && loaded.loading;
  const downloading = useDownload(setNotice);
  // A new report's error replaces the last one once it comes.
  const error = downloading.error ?? (busy ? null : loaded.error);
  useEffect(() => {
    if (lead) sessionStorage.setItem(storeKey(pid), JSON.stringify(filters));
  }, [pid, lead, filters]);

  if (loadError) {
    return (
      <Page title="Compare coders">
        <Alert error={loadError} />
        <p>
          <Link to="/">Back to your projects</Link>
        </p>
      </Page>
    );
  }
  if (!project) return <Loading />;
  if (!lead) {
    const coder = project.myRole === 'coder';
    return (
      <Page title={coder ? 'You and the agreed coding' : 'Compare coders'}>
        <p>
          <Link to={`/projects/${pid}`}>Back to {project.name}</Link>
        </p>
        <p>
          Only the leads of {project.name} can compare coders with each other.
          {coder && ' Here you can see how your own coding compares with the coding the team agreed on.'}
        </p>
        {coder && (
          <>
            <Alert error={vsConsensus.error} />
            {!vsConsensus.error && <ConsensusSection report={vsConsensus.data} lead={false} />}
          </>
        )}
      </Page>
    );
  }

  const download = () => downloading.get('agreement', () => agreementWorkbook(pid, filters));

  function choose(f: ReportFilters) {
    downloading.setError(null);
    setFilters(f);
  }
  const pairFilter = (a: string, b: string) => choose({ ...filters, coders: [a, b] });

  return (
    <Page title="Compare coders" wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to {project.name}</Link>
      </p>
      <p className="lead-text">
        How far do the coders agree? Tandem compares the coding they have <strong>submitted</strong>, theme by theme. A coder who has not
        submitted an interview yet is left out for that interview; that is not counted as disagreeing.
      </p>
      <Explainer />
      <Filters
        key={JSON.stringify(filters)}
        filters={filters}
        transcripts={transcripts}
        coders={coders}
        busy={busy}
        onApply={(f) => {
          setTheme(null);
          choose(f);
        }}
      />
      <Alert error={error} />
      {busy && (
        <p className="loading" role="status">
          Working out the figures…
        </p>
      )}
      {report && (
        <div aria-busy={busy || undefined} className={busy ? 'ag-stale' : undefined}>
          <Summary report={report} />
          <div className="ag-download">
            <button type="button" onClick={download}>
              Excel workbook (.xlsx)
            </button>
            <span className="hint">The same figures, with the parameters used, to keep or to send to a co-author.</span>
          </div>
          {notice && <Notice>{notice}</Notice>}
          <OnThisPage />
          {report.coders.length < 2 ? (
            <div className="panel">
              <h2>Not enough coding to compare yet</h2>
              <p>
                Agreement needs at least two coders who have submitted the same interview. So far{' '}
                {report.coders.length === 0 ? 'nobody has' : `only ${report.coders[0].name} has`} submitted coding
                {filters.coders.length + filters.transcripts.length > 0 ? ' among the interviews and coders you chose' : ''}.
              </p>
            </div>
          ) : (
            <>
              <ThemeSection report={report} onTheme={setTheme} />
              {theme && <ThemeDifferences key={theme.nodeId} pid={pid} theme={theme} report={report} filters={filters} onClose={() => setTheme(null)} />}
              <ChartSection report={report} />
              <GroupSection report={report} onTheme={(id) => setTheme(report.themes.find((t) => t.nodeId === id) ?? null)} />
              <MatrixSection report={report} onPair={pairFilter} />
              <TranscriptSection pid={pid} report={report} filters={filters} />
              <RollUpSection title="Categories" id="ag-categories" rows={report.categories} category />
              <RollUpSection title="Domains" id="ag-domains" rows={report.domains} />
            </>
          )}
        </div>
      )}
      <Alert error={vsConsensus.error} />
      {report && <ConsensusSection report={vsConsensus.data} lead />}
    </Page>
  );
}
