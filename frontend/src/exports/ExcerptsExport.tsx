// The excerpt export on the Exports page: whose coding, which themes and
// which interviews, then one of three files.
import { useId, useState } from 'react';
import { api } from '../api/client';
import { useLoad } from '../shared/load';
import { Alert } from '../shared/ui';
import {
  allExcerpts,
  choiceSummary,
  coveredBy,
  excerptFiles,
  excerptPath,
  setsWords,
  themeOptions,
  toggleTheme,
  type ExcerptChoices,
  type ExcerptSets,
} from './exports';
import { projectFile, useDownload } from '../shared/download';

/** ExcerptsExport downloads the coded excerpts (leads). */
export function ExcerptsExport({ pid, onDone }: { pid: string; onDone: (message: string) => void }) {
  const { data, error: loadError } = useLoad(pid, () => Promise.all([api.codebook(pid), api.transcripts(pid)]));
  const [choices, setChoices] = useState<ExcerptChoices>(allExcerpts);
  const { doing: busy, error, get } = useDownload(onDone);
  const id = useId();
  const nodes = data?.[0].nodes ?? [];
  const transcripts = data?.[1] ?? [];
  const options = themeOptions(nodes);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const toggleTranscript = (tid: string) =>
    setChoices((c) => ({ ...c, transcripts: c.transcripts.includes(tid) ? c.transcripts.filter((x) => x !== tid) : [...c.transcripts, tid] }));

  return (
    <section className="ex-entry panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Coded excerpts</h2>
      <p>
        Every coded passage with its theme, who coded it and where it is in the interview: one row for each excerpt and theme. Use the workbook
        or the CSV file to analyse; the text report puts the quotes under their themes, ready to paste into a paper.
      </p>
      <Alert error={loadError} />
      <fieldset className="ex-sets">
        <legend>Whose coding</legend>
        {(Object.keys(setsWords) as ExcerptSets[]).map((s) => (
          <label key={s} className="ex-radio">
            <input type="radio" name={`${id}-sets`} value={s} checked={choices.sets === s} onChange={() => setChoices((c) => ({ ...c, sets: s }))} />
            <span>
              <strong>{setsWords[s].label}</strong> <span className="hint">{setsWords[s].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <details className="ex-choose">
        <summary>
          Themes: {choices.themes.length === 0 ? 'all' : choices.themes.map((t) => names.get(t) ?? t).join(', ')}
        </summary>
        <fieldset>
          <legend className="visually-hidden">Themes</legend>
          <p className="hint">None ticked: all themes. A domain or category brings every theme in it.</p>
          {options.length === 0 && <p className="empty">The codebook is empty.</p>}
          {options.map((o) => {
            const above = coveredBy(nodes, choices.themes, o.id);
            return (
              <label key={o.id} className={`inline-check ex-depth-${o.depth}`}>
                <input
                  type="checkbox"
                  checked={choices.themes.includes(o.id) || above !== undefined}
                  disabled={above !== undefined}
                  onChange={() => setChoices((c) => ({ ...c, themes: toggleTheme(nodes, c.themes, o.id) }))}
                />
                <span>
                  {o.level === 'theme' ? o.name : <strong>{o.name}</strong>}
                  {above !== undefined && <span className="hint"> (in {names.get(above)})</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
      </details>
      <details className="ex-choose">
        <summary>Interviews: {choices.transcripts.length === 0 ? 'all' : `${choices.transcripts.length} chosen`}</summary>
        <fieldset>
          <legend className="visually-hidden">Interviews</legend>
          <p className="hint">None ticked: all interviews.</p>
          {transcripts.length === 0 && <p className="empty">No interviews yet.</p>}
          {transcripts.map((t) => (
            <label key={t.id} className="inline-check">
              <input type="checkbox" checked={choices.transcripts.includes(t.id)} onChange={() => toggleTranscript(t.id)} />
              <span>
                {t.title}
                {t.participant && <span className="hint"> ({t.participant})</span>}
              </span>
            </label>
          ))}
        </fieldset>
      </details>
      <p className="ex-summary" id={`${id}-sum`}>
        {choiceSummary(choices)}
      </p>
      <ul className="ex-files" aria-describedby={`${id}-sum`}>
        {excerptFiles.map((f) => {
          const path = excerptPath(f.format, choices);
          return (
            <li key={f.format}>
              <button type="button" aria-disabled={busy !== '' || undefined} onClick={() => get(path, projectFile(pid, path, `excerpts.${f.format}`))}>
                {busy === path ? 'Preparing…' : f.label}
              </button>{' '}
              <span className="hint">{f.use}</span>
            </li>
          );
        })}
      </ul>
      <Alert error={error} />
    </section>
  );
}
