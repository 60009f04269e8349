// The agreement dashboard: how far the coders of a project agree, theme by
// theme, with the figures a journal asks for, the reading of each in plain
// words, and a way from every figure to the places where the coders differ.
import { Suspense, lazy, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Project, type TranscriptInfo } from '../api/client';
import { type ReportFilters, agreementReport, agreementWorkbook, defaultFilters, disagreements } from './api';
import type { AgreementReport, Figure, GroupRow, ReportCoder, Row, UnitKind } from '../api/types';
import {
  alphaPoints,
  ci,
  coderLabel,
  comparedCounts,
  compareQuery,
  figureText,
  firstDirection,
  hasWithinGroups,
  heatColour,
  noteWords,
  readingOf,
  readingOfValue,
  readings,
  sortRows,
  splitThemes,
  stat,
  type SortDir,
  type SortKey,
} from './agreement';
import { saveFile } from '../codebook/codebookUi';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import './agreement.css';

const AlphaChart = lazy(() => import('./charts'));
const GroupChart = lazy(() => import('./charts').then((m) => ({ default: m.GroupChart })));

const unitWords: Record<UnitKind, string> = { turn: 'turn', paragraph: 'paragraph', sentence: 'sentence' };
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
  const [project, setProject] = useState<Project | null>(null);
  const [transcripts, setTranscripts] = useState<TranscriptInfo[]>([]);
  const [filters, setFilters] = useState<ReportFilters>(() => storedFilters(pid));
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [coders, setCoders] = useState<ReportCoder[]>([]); // everyone seen in a report, for the filter
  const [error, setError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [theme, setTheme] = useState<Row | null>(null); // the theme whose differences are shown
  const [notice, setNotice] = useState('');

  useEffect(() => {
    api.project(pid).then(setProject, setLoadError);
  }, [pid]);
  const lead = project?.myRole === 'lead';
  useEffect(() => {
    if (!lead) return;
    api.transcripts(pid).then(setTranscripts, () => {});
    // The coders to choose from: everyone who submitted coding, whatever the filters.
    if (filters.coders.length > 0 || filters.transcripts.length > 0) {
      agreementReport(pid, { ...defaultFilters, unit: filters.unit }, 0).then((r) => addCoders(r.coders), () => {});
    }
  }, [pid, lead]);

  function addCoders(cs: ReportCoder[]) {
    setCoders((old) => {
      const by = new Map(old.map((c) => [c.id, c]));
      for (const c of cs) by.set(c.id, c);
      return [...by.values()].sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  useEffect(() => {
    if (!lead) return;
    let live = true;
    setBusy(true);
    setError(null);
    agreementReport(pid, filters)
      .then(
        (r) => {
          if (!live) return;
          setReport(r);
          addCoders(r.coders);
        },
        (err) => live && setError(err),
      )
      .finally(() => live && setBusy(false));
    sessionStorage.setItem(storeKey(pid), JSON.stringify(filters));
    return () => {
      live = false;
    };
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
    return (
      <Page title="Compare coders">
        <p>Only the leads of {project.name} can compare coders.</p>
        <p>
          <Link to={`/projects/${pid}`}>Back to the project</Link>
        </p>
      </Page>
    );
  }

  async function download() {
    try {
      const f = await agreementWorkbook(pid, filters);
      saveFile(f.blob, f.fileName);
      setNotice(`Downloaded “${f.fileName}”. Look for it in your downloads.`);
    } catch (err) {
      setError(err);
    }
  }

  const pairFilter = (a: string, b: string) => setFilters({ ...filters, coders: [a, b] });

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
          setFilters(f);
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
    </Page>
  );
}

/** Explainer says what alpha is and what the readings mean, for a lead who is not a statistician. */
function Explainer() {
  return (
    <details className="ag-explain">
      <summary>What do these numbers mean?</summary>
      <p>
        For each theme, Tandem looks at every <strong>unit</strong> of the interviews (a turn, unless you choose paragraphs or sentences) and
        asks each coder: did you apply the theme here? Then it measures how often the coders give the same answer.
      </p>
      <p>
        <strong>Alpha</strong> (Krippendorff’s alpha) is the main figure. It counts how often the coders agree, and then takes away the agreement
        they would reach by chance. <strong>1.000</strong> means they always agree; <strong>0</strong> means they agree no more than chance;
        below 0 means they disagree more than chance would. Journals usually ask for alpha.
      </p>
      <dl className="ag-readings">
        {(Object.keys(readings) as (keyof typeof readings)[]).map((r) => (
          <div key={r}>
            <dt>
              <ReadingTag reading={r} />
            </dt>
            <dd>{readings[r].meaning}</dd>
          </div>
        ))}
      </dl>
      <p>
        The <strong>95% interval</strong> says how sure the figure is: with few units, the true alpha could be anywhere in it. A wide interval
        means: code more interviews before you conclude.
      </p>
      <p>
        <strong>Percent agreement</strong> is the plain share of agreeing answers: with two coders, the share of units where they gave the same
        answer (with more coders, the share of agreeing pairs). It looks high for rare themes (if
        nobody applies a theme, everyone “agrees”), which is why alpha corrects for chance. <strong>Prevalence</strong> says how often the
        theme was applied (the share of all the coders’ answers that were “yes”): on a rare theme, alpha and kappa can be low even when the coders mostly agree; <strong>Gwet’s AC1</strong> is less
        affected by that. <strong>Cohen’s kappa</strong> (the mean over each pair of coders) and <strong>Fleiss’ kappa</strong> are older
        figures some reviewers ask for. <strong>|uα</strong> compares the exact stretches of text the coders marked, so it is lower when they
        agree on the turn but cut the excerpt differently.
      </p>
    </details>
  );
}

/** ReadingTag shows a reading as a word with a symbol and a colour (never the colour alone). */
export function ReadingTag({ reading }: { reading: string }) {
  const r = readingOf(reading);
  return (
    <span className={`ag-reading ag-${r.tone}`}>
      <span aria-hidden="true">{r.symbol} </span>
      {r.word}
    </span>
  );
}

/** Num shows a figure, or "n/a" with the reason it is undefined. */
function Num({ f, asPercent }: { f: Figure | undefined; asPercent?: boolean }) {
  if (!f || f.value === null) {
    return (
      <span className="ag-na" title={noteWords(f?.note)}>
        n/a<span className="visually-hidden"> ({noteWords(f?.note)})</span>
      </span>
    );
  }
  return <span className="ag-num">{figureText(f, asPercent)}</span>;
}

function Filters({
  filters,
  transcripts,
  coders,
  busy,
  onApply,
}: {
  filters: ReportFilters;
  transcripts: TranscriptInfo[];
  coders: ReportCoder[];
  busy: boolean;
  onApply: (f: ReportFilters) => void;
}) {
  const [unit, setUnit] = useState<UnitKind>(filters.unit);
  const [overlap, setOverlap] = useState(String(filters.overlap));
  const [ts, setTs] = useState<string[]>(filters.transcripts);
  const [cs, setCs] = useState<string[]>(filters.coders);
  const [problem, setProblem] = useState('');
  const id = useId();
  const overlapRef = useRef<HTMLInputElement>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const n = Number(overlap);
    if (!Number.isInteger(n) || n < 1 || n > 10000) {
      setProblem('Enter a whole number of characters from 1 to 10,000.');
      overlapRef.current?.focus();
      return;
    }
    setProblem('');
    onApply({ unit, overlap: n, transcripts: ts, coders: cs });
  }
  const toggle = (list: string[], set: (l: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const changed = unit !== 'turn' || overlap !== '1' || ts.length > 0 || cs.length > 0;

  return (
    <form className="ag-filters panel" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>What to compare</h2>
      <div className="ag-filter-grid">
        <div className="field">
          <label htmlFor={`${id}-unit`}>Count agreement per</label>
          <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as UnitKind)}>
            <option value="turn">Turn (one person speaking)</option>
            <option value="paragraph">Paragraph</option>
            <option value="sentence">Sentence</option>
          </select>
        </div>
        <div className={problem ? 'field has-error' : 'field'}>
          <label htmlFor={`${id}-overlap`}>Minimum overlap (characters)</label>
          <p className="hint" id={`${id}-overlap-hint`}>
            How much of a unit an excerpt must cover to count for it.
          </p>
          {problem && (
            <p className="field-error" id={`${id}-overlap-error`}>
              {problem}
            </p>
          )}
          <input
            id={`${id}-overlap`}
            ref={overlapRef}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={overlap}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-overlap-hint${problem ? ` ${id}-overlap-error` : ''}`}
            onChange={(e) => setOverlap(e.target.value)}
          />
        </div>
        <fieldset className="field ag-checks">
          <legend>Interviews</legend>
          <p className="hint">None ticked: all of them.</p>
          {transcripts.length === 0 && <p className="empty">No interviews yet.</p>}
          {transcripts.map((t) => (
            <label className="inline-check" key={t.id}>
              <input type="checkbox" checked={ts.includes(t.id)} onChange={() => toggle(ts, setTs, t.id)} />
              {t.title}
            </label>
          ))}
        </fieldset>
        <fieldset className="field ag-checks">
          <legend>Coders</legend>
          <p className="hint">None ticked: everyone who submitted coding.</p>
          {coders.length === 0 && <p className="empty">Nobody has submitted coding yet.</p>}
          {coders.map((c) => (
            <label className="inline-check" key={c.id}>
              <input type="checkbox" checked={cs.includes(c.id)} onChange={() => toggle(cs, setCs, c.id)} />
              {coderLabel(c)}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Working…' : 'Update the figures'}
        </button>
        {changed && (
          <button type="button" onClick={() => onApply(defaultFilters)}>
            Compare everything again
          </button>
        )}
      </div>
    </form>
  );
}

function Summary({ report }: { report: AgreementReport }) {
  const peers = report.coders.filter((c) => c.researcherType === 'peer').length;
  const academics = report.coders.filter((c) => c.researcherType === 'academic').length;
  const counts = comparedCounts(report);
  const reliable = report.themes.filter((t) => t.reading === 'reliable').length;
  return (
    <div className="ag-summary" role="group" aria-label="Summary">
      <p>
        <strong>{report.coders.length}</strong> coder{report.coders.length === 1 ? '' : 's'} ({peers} peer, {academics} academic
        {report.coders.length - peers - academics > 0 ? `, ${report.coders.length - peers - academics} other` : ''}) ·{' '}
        <strong>{counts.interviews}</strong> interview{counts.interviews === 1 ? '' : 's'} · <strong>{counts.units}</strong>{' '}
        {unitWords[report.options.unit]}
        {counts.units === 1 ? '' : 's'} · minimum overlap {report.options.minOverlap} character{report.options.minOverlap === 1 ? '' : 's'}
      </p>
      {counts.leftOut && <p>{counts.leftOut}</p>}
      <p>
        <strong>{reliable}</strong> of {report.themes.length} themes are reliable.
        {splitThemes(report.groups).length > 0 && (
          <>
            {' '}
            <strong>{splitThemes(report.groups).length}</strong> split peer and academic coders (see below).
          </>
        )}
      </p>
    </div>
  );
}

function OnThisPage() {
  const links: [string, string][] = [
    ['ag-themes', 'Themes'],
    ['ag-chart', 'Chart of alpha'],
    ['ag-groups', 'Peer and academic'],
    ['ag-matrix', 'Who agrees with whom'],
    ['ag-transcripts', 'Interviews'],
    ['ag-categories', 'Categories'],
    ['ag-domains', 'Domains'],
  ];
  return (
    <nav aria-label="On this page" className="ag-toc">
      <ul>
        {links.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

interface Column {
  key: SortKey;
  label: ReactNode;
  text: string;
}

const themeColumns: Column[] = [
  { key: 'name', label: 'Theme', text: 'Theme' },
  { key: 'alpha', label: 'Alpha', text: 'Alpha' },
  { key: 'ci', label: '95% interval', text: '95% interval' },
  { key: 'percent', label: 'Percent agreement', text: 'Percent agreement' },
  { key: 'cohen', label: 'Cohen’s kappa (mean)', text: 'Cohen’s kappa (mean)' },
  { key: 'fleiss', label: 'Fleiss’ kappa', text: 'Fleiss’ kappa' },
  { key: 'ac1', label: 'Gwet’s AC1', text: 'Gwet’s AC1' },
  { key: 'prevalence', label: 'Prevalence', text: 'Prevalence' },
  { key: 'ualpha', label: '|uα (spans)', text: '|uα (spans)' },
  { key: 'units', label: 'Units', text: 'Units' },
  { key: 'coders', label: 'Coders', text: 'Coders' },
];

function SortHeader({ col, sort, onSort }: { col: Column; sort: { key: SortKey; dir: SortDir } | null; onSort: (k: SortKey) => void }) {
  const active = sort?.key === col.key;
  return (
    <th scope="col" aria-sort={active ? sort!.dir : undefined}>
      <button type="button" className="ag-sort" onClick={() => onSort(col.key)}>
        {col.label}
        <span aria-hidden="true" className="ag-sort-mark">
          {active ? (sort!.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
        <span className="visually-hidden">{active ? `, sorted ${sort!.dir}` : ', sort'}</span>
      </button>
    </th>
  );
}

function useSort() {
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir } | null>(null);
  const onSort = (key: SortKey) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: firstDirection(key) }));
  return { sort, onSort };
}

function ThemeSection({ report, onTheme }: { report: AgreementReport; onTheme: (r: Row) => void }) {
  const { sort, onSort } = useSort();
  const rows = sort ? sortRows(report.themes, sort.key, sort.dir) : report.themes;
  const parents = new Map([...report.categories, ...report.domains].map((r) => [r.nodeId, r.name]));
  return (
    <section aria-labelledby="ag-themes">
      <h2 id="ag-themes" tabIndex={-1}>
        Themes
      </h2>
      <p className="hint">
        Choose a column heading to sort by it. Choose a theme’s alpha to see where the coders differ on it. “n/a” means there is not enough data
        for that figure; hover over it or read on for the reason.
      </p>
      {rows.length === 0 ? (
        <p className="empty">The codebook has no themes yet.</p>
      ) : (
        <div className="ag-table-wrap">
          <table className="ag-stats ag-sortable ag-themes">
            <caption className="visually-hidden">Agreement per theme{sort ? `, sorted by ${themeColumns.find((c) => c.key === sort.key)?.text} ${sort.dir}` : ''}</caption>
            <thead>
              <tr>
                {themeColumns.map((c) => (
                  <SortHeader key={c.key} col={c} sort={sort} onSort={onSort} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.nodeId} data-theme={r.nodeId}>
                  <th scope="row">
                    {r.name}
                    {parents.get(r.parentId) && <span className="sub">{parents.get(r.parentId)}</span>}
                  </th>
                  <td data-label="Alpha" className="ag-alpha">
                    {r.alpha.value === null ? (
                      <Num f={r.alpha} />
                    ) : (
                      <button type="button" className="link-button inline ag-num" onClick={() => onTheme(r)}>
                        {stat(r.alpha.value)}
                        <span className="visually-hidden">: where do the coders differ on {r.name}?</span>
                      </button>
                    )}
                    <ReadingTag reading={r.reading} />
                  </td>
                  <td data-label="95% interval" className="ag-ci">
                    {ci(r.alphaLow, r.alphaHigh) || <span className="ag-na">none</span>}
                  </td>
                  <td data-label="Percent agreement">
                    <Num f={r.percentAgreement} asPercent />
                  </td>
                  <td data-label="Cohen’s kappa (mean)">
                    <Num f={r.cohenKappaMean} />
                  </td>
                  <td data-label="Fleiss’ kappa">
                    <Num f={r.fleissKappa} />
                  </td>
                  <td data-label="Gwet’s AC1">
                    <Num f={r.gwetAC1} />
                  </td>
                  <td data-label="Prevalence">
                    <Num f={r.prevalence} asPercent />
                  </td>
                  <td data-label="|uα (spans)">
                    <Num f={r.binaryUAlpha} />
                  </td>
                  <td data-label="Units">{r.units}</td>
                  <td data-label="Coders">{r.coders}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Undefined rows={report.themes} />
    </section>
  );
}

/** Undefined lists why figures are "n/a", once per reason. */
function Undefined({ rows }: { rows: Row[] }) {
  const reasons = new Map<string, string[]>();
  for (const r of rows) {
    const f = r.alpha;
    if (f.value === null) {
      const w = noteWords(f.note);
      reasons.set(w, [...(reasons.get(w) ?? []), r.name]);
    }
  }
  if (reasons.size === 0) return null;
  return (
    <div className="ag-undefined">
      <h3>Why some alphas are n/a</h3>
      <ul>
        {[...reasons].map(([why, who]) => (
          <li key={why}>
            {why} ({who.join(', ')})
          </li>
        ))}
      </ul>
    </div>
  );
}

function ThemeDifferences({
  pid,
  theme,
  report,
  filters,
  onClose,
}: {
  pid: string;
  theme: Row;
  report: AgreementReport;
  filters: ReportFilters;
  onClose: () => void;
}) {
  const [counts, setCounts] = useState<Record<string, { units: number; spans: number } | 'error'>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
    let live = true;
    const ids = report.transcripts.map((t) => t.id);
    // A few at a time, so that a large project does not flood the server.
    let next = 0;
    const work = async () => {
      while (live && next < ids.length) {
        const id = ids[next++];
        try {
          const d = await disagreements(pid, id, theme.nodeId, filters);
          if (live) setCounts((c) => ({ ...c, [id]: { units: d.units.length, spans: d.spans.length } }));
        } catch {
          if (live) setCounts((c) => ({ ...c, [id]: 'error' }));
        }
      }
    };
    void Promise.all([work(), work(), work()]);
    return () => {
      live = false;
    };
  }, [pid, theme.nodeId]);
  const q = compareQuery(theme.nodeId, filters.unit, filters.overlap);
  const unit = unitWords[report.options.unit];
  return (
    <section className="ag-differences panel" aria-labelledby="ag-diff-h">
      <h2 id="ag-diff-h" ref={heading} tabIndex={-1}>
        Where the coders differ on “{theme.name}”
      </h2>
      <p>
        Alpha {stat(theme.alpha.value)} <ReadingTag reading={theme.reading} />. Open an interview to see, {unit} by {unit}, who applied the
        theme and who did not.
      </p>
      <MoreFigures theme={theme} />
      <div className="ag-table-wrap">
        <table className="ag-stats">
          <caption className="visually-hidden">Differences on {theme.name} per interview</caption>
          <thead>
            <tr>
              <th scope="col">Interview</th>
              <th scope="col">{unit.charAt(0).toUpperCase() + unit.slice(1)}s where they differ</th>
              <th scope="col">Stretches of text where they differ</th>
            </tr>
          </thead>
          <tbody>
            {report.transcripts.map((t) => {
              const c = counts[t.id];
              return (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={`/projects/${pid}/compare/${t.id}${q}`}>
                      {t.title}
                      <span className="visually-hidden">: compare the coders on {theme.name}</span>
                    </Link>
                  </th>
                  <td data-label={`${unit}s where they differ`}>{c === undefined ? '…' : c === 'error' ? 'could not be loaded' : c.units}</td>
                  <td data-label="Stretches of text where they differ">{c === undefined ? '…' : c === 'error' ? 'could not be loaded' : c.spans}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

/** moreFigures are the figures only a theme's detail shows, each with one plain line. */
const moreFigures: { key: 'scottPi' | 'brennanPrediger'; name: string; meaning: string }[] = [
  {
    key: 'scottPi',
    name: 'Scott’s pi',
    meaning: 'Like Cohen’s kappa, it takes away the agreement expected by chance, but counts chance from all the coders’ answers together.',
  },
  {
    key: 'brennanPrediger',
    name: 'Brennan–Prediger',
    meaning: 'Takes away chance as if each answer were a coin toss, so it stays steady on a theme that is rarely applied.',
  },
];

/** MoreFigures shows Scott's pi and Brennan–Prediger for a theme, when the report has them. */
function MoreFigures({ theme }: { theme: Row }) {
  const shown = moreFigures.filter((m) => theme[m.key]);
  if (shown.length === 0) return null;
  return (
    <dl className="ag-more">
      {shown.map((m) => (
        <div key={m.key}>
          <dt>
            {m.name}: <Num f={theme[m.key]} />
          </dt>
          <dd>{m.meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

function ChartSection({ report }: { report: AgreementReport }) {
  const points = alphaPoints(report.themes);
  const summaryId = useId();
  const low = points.filter((p) => p.reading === 'not reliable').map((p) => p.name);
  return (
    <section aria-labelledby="ag-chart">
      <h2 id="ag-chart" tabIndex={-1}>
        Chart of alpha per theme
      </h2>
      <figure className="ag-figure">
        <figcaption id="alpha-chart-title">
          Alpha per theme with its 95% interval (the black whiskers). Dashed lines at 0.667 (tentative) and 0.800 (reliable). Each bar is labelled
          with its value and a sign: ✓ reliable, ~ tentative, ✗ not reliable.
        </figcaption>
        <p id={summaryId} className="visually-hidden">
          {points.length} themes have an alpha. {low.length > 0 ? `Not reliable: ${low.join(', ')}.` : 'None is below 0.667.'} The themes
          table above has every figure.
        </p>
        {points.length === 0 ? (
          <p className="empty">No theme has an alpha yet.</p>
        ) : (
          <Suspense fallback={<p className="hint">Drawing the chart…</p>}>
            <AlphaChart points={points} summaryId={summaryId} />
          </Suspense>
        )}
      </figure>
    </section>
  );
}

function GroupSection({ report, onTheme }: { report: AgreementReport; onTheme: (id: string) => void }) {
  const summaryId = useId();
  const splits = splitThemes(report.groups);
  const within = hasWithinGroups(report.groups);
  const peers = report.coders.filter((c) => c.researcherType === 'peer').length;
  const academics = report.coders.filter((c) => c.researcherType === 'academic').length;
  return (
    <section aria-labelledby="ag-groups">
      <h2 id="ag-groups" tabIndex={-1}>
        Peer and academic researchers
      </h2>
      <p>
        Do peer researchers and academic researchers read the interviews differently? For each theme: agreement among the peer coders, among the
        academic coders, and between a peer and an academic coder. A theme <strong>splits</strong> when each group agrees within itself (0.667 or
        more) but the two groups do not agree with each other (below 0.667, and at least 0.2 lower).
      </p>
      {!within && (
        <p className="ag-callout">
          There {peers === 1 ? 'is' : 'are'} {peers} peer and {academics} academic coder{academics === 1 ? '' : 's'} here. Agreement{' '}
          <em>within</em> a group needs at least two coders of that group, so only agreement <em>across</em> the groups can be shown.
        </p>
      )}
      {splits.length > 0 ? (
        <p className="ag-callout ag-split-note">
          <strong>
            {splits.length} theme{splits.length === 1 ? '' : 's'} split along the peer / academic line:
          </strong>{' '}
          {splits.map((s) => s.name).join(', ')}.
        </p>
      ) : (
        within && <p>No theme splits along the peer / academic line.</p>
      )}
      <div className="ag-table-wrap">
        <table className="ag-stats ag-groups">
          <caption className="visually-hidden">Alpha within and across peer and academic coders, per theme</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Within peer researchers</th>
              <th scope="col">Within academic researchers</th>
              <th scope="col">Across the groups</th>
              <th scope="col">Split?</th>
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g: GroupRow) => (
              <tr key={g.nodeId} className={g.split ? 'ag-split' : undefined}>
                <th scope="row">{g.name}</th>
                <td data-label="Within peer researchers">
                  <Num f={g.withinPeer} />
                </td>
                <td data-label="Within academic researchers">
                  <Num f={g.withinAcademic} />
                </td>
                <td data-label="Across the groups">
                  {g.across.value === null ? (
                    <Num f={g.across} />
                  ) : (
                    <button type="button" className="link-button inline ag-num" onClick={() => onTheme(g.nodeId)}>
                      {stat(g.across.value)}
                      <span className="visually-hidden">: where do the coders differ on {g.name}?</span>
                    </button>
                  )}
                </td>
                <td data-label="Split?">{g.split ? <strong className="ag-reading ag-bad">⚑ Splits</strong> : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {within && (
        <figure className="ag-figure">
          <figcaption id="group-chart-title">Alpha within peer researchers, within academic researchers, and across the two groups, per theme.</figcaption>
          <p id={summaryId} className="visually-hidden">
            {splits.length > 0 ? `Themes that split: ${splits.map((s) => s.name).join(', ')}.` : 'No theme splits.'} The table above has every figure.
          </p>
          <Suspense fallback={<p className="hint">Drawing the chart…</p>}>
            <GroupChart groups={report.groups} summaryId={summaryId} />
          </Suspense>
        </figure>
      )}
    </section>
  );
}

function MatrixSection({ report, onPair }: { report: AgreementReport; onPair: (a: string, b: string) => void }) {
  const cs = report.coders;
  return (
    <section aria-labelledby="ag-matrix">
      <h2 id="ag-matrix" tabIndex={-1}>
        Who agrees with whom
      </h2>
      <p>
        Alpha for each pair of coders, averaged over the themes. Greener cells agree more; each cell also gives the number and its reading. Choose a
        number to compare just those two coders.
      </p>
      {/* A matrix of many coders may be wider than a phone: then it scrolls sideways on its own (a two-dimensional table may). */}
      <div className="ag-table-wrap ag-heat-scroll" role="region" aria-label="Who agrees with whom (a table)" tabIndex={0}>
        <table className="ag-heat">
          <caption className="visually-hidden">Mean alpha for each pair of coders</caption>
          <thead>
            <tr>
              <td />
              {cs.map((c) => (
                <th scope="col" key={c.id}>
                  {c.name}
                  <span className="sub">{c.researcherType === 'peer' ? 'peer' : c.researcherType === 'academic' ? 'academic' : 'other'}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cs.map((a, i) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.name}
                  <span className="sub">{a.researcherType === 'peer' ? 'peer' : a.researcherType === 'academic' ? 'academic' : 'other'}</span>
                </th>
                {cs.map((b, j) => {
                  const f = report.coderMatrix[i]?.[j] ?? { value: null };
                  if (i === j) {
                    return (
                      <td key={b.id} className="ag-self">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">same coder</span>
                      </td>
                    );
                  }
                  const r = readingOf(readingOfValue(f.value));
                  return (
                    <td key={b.id} style={{ background: heatColour(f.value) }} data-label={b.name}>
                      {f.value === null ? (
                        <Num f={f} />
                      ) : (
                        <button type="button" className="link-button inline ag-num" onClick={() => onPair(a.id, b.id)}>
                          {stat(f.value)}
                          <span className="visually-hidden">
                            : {a.name} and {b.name}, compare just these two
                          </span>
                        </button>
                      )}
                      <span className="ag-cell-reading">
                        <span aria-hidden="true">{r.symbol} </span>
                        {r.word}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HeatLegend />
    </section>
  );
}

function HeatLegend() {
  const steps = [0, 0.3, 0.5, 0.667, 0.8, 0.9, 1];
  return (
    <div className="ag-legend" aria-hidden="true">
      <span>Colour scale:</span>
      {steps.map((v) => (
        <span key={v} className="ag-swatch" style={{ background: heatColour(v) }}>
          {v === 0 ? '≤ 0' : stat(v)}
        </span>
      ))}
      <span className="ag-swatch" style={{ background: heatColour(null) }}>
        n/a
      </span>
    </div>
  );
}

function TranscriptSection({ pid, report, filters }: { pid: string; report: AgreementReport; filters: ReportFilters }) {
  const [sort, setSort] = useState<SortDir | null>(null);
  const rows = sort
    ? [...report.transcripts].sort((a, b) => {
        if (a.meanAlpha.value === null || b.meanAlpha.value === null) return a.meanAlpha.value === null ? 1 : -1;
        return (a.meanAlpha.value - b.meanAlpha.value) * (sort === 'ascending' ? 1 : -1);
      })
    : report.transcripts;
  const q = compareQuery('', filters.unit, filters.overlap);
  return (
    <section aria-labelledby="ag-transcripts">
      <h2 id="ag-transcripts" tabIndex={-1}>
        Interviews
      </h2>
      <p>The mean alpha over the themes of each interview, to find the interview where the coding went apart.</p>
      <div className="ag-table-wrap">
        <table className="ag-stats ag-sortable">
          <caption className="visually-hidden">Agreement per interview</caption>
          <thead>
            <tr>
              <th scope="col">Interview</th>
              <th scope="col" aria-sort={sort ?? undefined}>
                <button
                  type="button"
                  className="ag-sort"
                  onClick={() => setSort((s) => (s === 'ascending' ? 'descending' : 'ascending'))}
                >
                  Mean alpha
                  <span aria-hidden="true" className="ag-sort-mark">
                    {sort ? (sort === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                  </span>
                  <span className="visually-hidden">{sort ? `, sorted ${sort}` : ', sort'}</span>
                </button>
              </th>
              <th scope="col">Themes with an alpha</th>
              <th scope="col">Mean |uα (spans)</th>
              <th scope="col">Units</th>
              <th scope="col">Coders who submitted</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.title}</th>
                <td data-label="Mean alpha">
                  {t.meanAlpha.value === null ? (
                    <Num f={t.meanAlpha} />
                  ) : (
                    <Link to={`/projects/${pid}/compare/${t.id}${q}`} className="ag-num">
                      {stat(t.meanAlpha.value)}
                      <span className="visually-hidden">: compare the coders on {t.title}</span>
                    </Link>
                  )}{' '}
                  <ReadingTag reading={t.reading} />
                </td>
                <td data-label="Themes with an alpha">{t.themesWithAlpha}</td>
                <td data-label="Mean |uα (spans)">
                  <Num f={t.meanBinaryUAlpha} />
                </td>
                <td data-label="Units">{t.units}</td>
                <td data-label="Coders who submitted">{t.coders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RollUpSection({ title, id, rows, category }: { title: string; id: string; rows: Row[]; category?: boolean }) {
  const { sort, onSort } = useSort();
  const shown = sort ? sortRows(rows, sort.key, sort.dir) : rows;
  const cols: Column[] = [
    { key: 'name', label: category ? 'Category' : 'Domain', text: category ? 'Category' : 'Domain' },
    { key: 'alpha', label: 'Alpha (any theme)', text: 'Alpha (any theme)' },
    { key: 'ci', label: '95% interval', text: '95% interval' },
    { key: 'percent', label: 'Percent agreement', text: 'Percent agreement' },
    { key: 'ac1', label: 'Gwet’s AC1', text: 'Gwet’s AC1' },
    { key: 'prevalence', label: 'Prevalence', text: 'Prevalence' },
    { key: 'ualpha', label: '|uα (spans)', text: '|uα (spans)' },
  ];
  return (
    <section aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      <p>
        {category ? 'A category' : 'A domain'} counts as applied to a unit when any theme below it is.
        {category &&
          ' “Themes as values” treats the themes of a category as the choices of one question (which of these themes is it?); units where a coder applied two themes of the category are left out of it and counted.'}
      </p>
      {rows.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <div className="ag-table-wrap">
          <table className="ag-stats ag-sortable">
            <caption className="visually-hidden">Agreement per {category ? 'category' : 'domain'}</caption>
            <thead>
              <tr>
                {cols.map((c) => (
                  <SortHeader key={c.key} col={c} sort={sort} onSort={onSort} />
                ))}
                {category && (
                  <>
                    <th scope="col">Alpha (themes as values)</th>
                    <th scope="col">Units left out</th>
                    <th scope="col">uα (themes as values)</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.nodeId}>
                  <th scope="row">{r.name}</th>
                  <td data-label="Alpha (any theme)">
                    <Num f={r.alpha} /> <ReadingTag reading={r.reading} />
                  </td>
                  <td data-label="95% interval">{ci(r.alphaLow, r.alphaHigh) || <span className="ag-na">none</span>}</td>
                  <td data-label="Percent agreement">
                    <Num f={r.percentAgreement} asPercent />
                  </td>
                  <td data-label="Gwet’s AC1">
                    <Num f={r.gwetAC1} />
                  </td>
                  <td data-label="Prevalence">
                    <Num f={r.prevalence} asPercent />
                  </td>
                  <td data-label="|uα (spans)">
                    <Num f={r.binaryUAlpha} />
                  </td>
                  {category && (
                    <>
                      <td data-label="Alpha (themes as values)">
                        <Num f={r.nominalAlpha} />
                      </td>
                      <td data-label="Units left out">{r.multiThemeUnits ?? 0}</td>
                      <td data-label="uα (themes as values)">
                        <Num f={r.uAlpha} />
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
