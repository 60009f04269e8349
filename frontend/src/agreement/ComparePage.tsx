// The compare view: one interview, turn by turn, with each coder's excerpts
// as a lane beside the text, the places where they differ marked, a filter
// by theme, and the list of the differences on the chosen theme.
import { useEffect, useId, useMemo, useState } from 'react';
import { api, type Codebook, type CodingSet, type Project, type Transcript } from '../api/client';
import { defaultFilters, disagreements } from './api';
import type { Disagreements } from '../api/types';
import { compareQuery, laneSegments, readQuery, resolver, themesDiffering, turnAt, turnsOf } from './agreement';
import { CodePointText } from '../shared/text';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { DifferenceList, Key, ThemeOptions, TurnRow } from './compareParts';
import './agreement.css';

interface Loaded {
  project: Project;
  transcript: Transcript;
  sets: CodingSet[];
  others: CodingSet[];
  codebook: Codebook;
}

const unitWords = { turn: 'turn', paragraph: 'paragraph', sentence: 'sentence' } as const;

/** ComparePage shows how the coders coded one interview (leads only). */
export function ComparePage({ pid, tid }: { pid: string; tid: string }) {
  const initial = useMemo(() => readQuery(location.search), []);
  const { data, error } = useLoad(`${pid}/${tid}`, () =>
    Promise.all([api.project(pid), api.transcript(pid, tid), api.codings(pid, tid), api.codebook(pid)]).then(
      ([project, transcript, codings, codebook]): Loaded => {
        const visible = codings.sets.filter((s) => !s.hidden && s.excerpts);
        return {
          project,
          transcript,
          sets: visible.filter((s) => s.status === 'submitted').sort((a, b) => a.coderName.localeCompare(b.coderName)),
          others: codings.sets.filter((s) => s.status !== 'submitted' && (s.excerptCount ?? s.excerpts?.length ?? 0) > 0),
          codebook,
        };
      },
    ),
  );
  const [theme, setTheme] = useState(initial.theme);
  const [diffs, setDiffs] = useState<Disagreements | null>(null);
  const [diffError, setDiffError] = useState<unknown>(null);
  const [onlyDiffer, setOnlyDiffer] = useState(true);
  const selectId = useId();

  const lead = data?.project.myRole === 'lead';
  useEffect(() => {
    // Keep the chosen theme in the address, so that it can be shared and comes back.
    history.replaceState(history.state, '', `${location.pathname}${compareQuery(theme, initial.unit, initial.overlap)}${location.hash}`);
    setDiffs(null);
    setDiffError(null);
    if (!theme || !lead) return;
    let live = true;
    disagreements(pid, tid, theme, { ...defaultFilters, unit: initial.unit, overlap: initial.overlap }).then(
      (d) => live && setDiffs(d),
      (err) => live && setDiffError(err),
    );
    return () => {
      live = false;
    };
  }, [pid, tid, theme, lead, initial.unit, initial.overlap]);

  const nodes = useMemo(() => data?.codebook.nodes ?? [], [data]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const resolve = useMemo(() => resolver(nodes), [nodes]);

  if (error) {
    return (
      <Page title="Compare coders">
        <Alert error={error} />
        <p>
          <Link to={`/projects/${pid}/agreement`}>Back to the agreement figures</Link>
        </p>
      </Page>
    );
  }
  if (!data) return <Loading />;
  const { transcript: t, sets } = data;
  const title = `Compare coders: ${t.title}`;
  if (!lead) {
    return (
      <Page title={title}>
        <p>Only the leads of {data.project.name} can compare coders.</p>
        <p>
          <Link to={`/projects/${pid}`}>Back to the project</Link>
        </p>
      </Page>
    );
  }

  const themes = nodes.filter((n) => n.level === 'theme' && !n.mergedInto && n.status !== 'proposed');
  const chosen = theme ? byId.get(theme) : undefined;
  const text = new CodePointText(t.text);
  const turns = turnsOf(t.turns, text.length);
  const unit = unitWords[initial.unit];

  // The turns where coders differ: from the server for a chosen theme, worked out here for all themes.
  const diffTurns = new Map<number, string[]>(); // turn -> themes they differ on
  if (theme && diffs) {
    for (const d of [...diffs.units, ...diffs.spans]) {
      for (let i = Math.max(0, turnAt(turns, d.start)); i < turns.length && turns[i].start < d.end; i++) {
        if (turns[i].end > d.start) diffTurns.set(i, [theme]);
      }
    }
  } else if (!theme && sets.length >= 2) {
    turns.forEach((tu, i) => {
      const per = sets.map((s) => new Set(laneSegments(tu.start, tu.end, s.excerpts ?? [], '', resolve).flatMap((g) => g.themes)));
      const differ = themesDiffering(per);
      if (differ.length > 0) diffTurns.set(i, differ);
    });
  }
  const coders = sets.map((s) => ({ id: s.coderId, name: s.coderName }));

  return (
    <Page title={title} wide>
      <p>
        <Link to={`/projects/${pid}/agreement`}>Back to the agreement figures</Link>
      </p>
      <p>
        Each coder’s excerpts are shown as a lane beside each turn of the interview: the bar is the turn, the coloured blocks are where the coder
        marked text, and the theme names are listed under it. Only <strong>submitted</strong> coding is compared.
      </p>
      {data.others.length > 0 && (
        <p className="hint">
          Not submitted yet, so not shown: {data.others.map((s) => s.coderName).join(', ')}.
        </p>
      )}
      {sets.length < 2 ? (
        <div className="panel">
          <h2>Not enough coding to compare</h2>
          <p>
            {sets.length === 0 ? 'Nobody has' : `Only ${sets[0].coderName} has`} submitted coding for this interview. Comparing needs at least two
            coders.
          </p>
        </div>
      ) : (
        <>
          <div className="cmp-controls">
            <div className="field">
              <label htmlFor={selectId}>Theme</label>
              <select id={selectId} value={theme} onChange={(e) => setTheme(e.target.value)}>
                <ThemeOptions nodes={nodes} themes={themes} none="All themes" />
              </select>
            </div>
            <label className="inline-check">
              <input type="checkbox" checked={onlyDiffer} onChange={(e) => setOnlyDiffer(e.target.checked)} />
              Show only the turns where the coders differ
            </label>
            <p className="hint">
              {theme
                ? `Differences are counted per ${unit}${initial.overlap > 1 ? `, with a minimum overlap of ${initial.overlap} characters` : ''}, as in the agreement figures.`
                : 'With all themes, a turn is marked when the coders applied different themes anywhere in it.'}
            </p>
          </div>
          <Key theme={chosen} />
          <Alert error={diffError} />
          <p role="status" className="cmp-status">
            {theme && !diffs && !diffError
              ? 'Looking for differences…'
              : theme && diffs
                ? `${chosen?.name ?? 'This theme'}: the coders differ on ${diffs.units.length} ${unit}${diffs.units.length === 1 ? '' : 's'} and ${diffs.spans.length} stretch${diffs.spans.length === 1 ? '' : 'es'} of text.`
                : `The coders differ on some theme in ${diffTurns.size} of ${turns.length} turns.`}
            {theme && diffs && (diffs.units.length > 0 || diffs.spans.length > 0) && (
              <>
                {' '}
                <a href="#cmp-differences">Go to the list of differences</a>
              </>
            )}
          </p>
          <ol className="cmp-turns" aria-label="Turns of the interview">
            {turns.map((tu, i) =>
              onlyDiffer && !diffTurns.has(i) ? null : (
              <TurnRow
                key={i}
                index={i}
                turn={tu}
                text={text}
                sets={sets}
                theme={theme}
                byId={byId}
                resolve={resolve}
                differ={diffTurns.get(i)}
                diffs={theme ? diffs : null}
              />
              ),
            )}
          </ol>
          {onlyDiffer && diffTurns.size < turns.length && (
            <p className="hint">
              {turns.length - diffTurns.size} turn{turns.length - diffTurns.size === 1 ? '' : 's'} where the coders agree {turns.length - diffTurns.size === 1 ? 'is' : 'are'} hidden.{' '}
              <button type="button" className="link-button inline" onClick={() => setOnlyDiffer(false)}>
                Show every turn
              </button>
            </p>
          )}
          {theme && diffs && <DifferenceList diffs={diffs} turns={turns} unit={unit} themeName={chosen?.name ?? ''} coders={coders} />}
        </>
      )}
    </Page>
  );
}
