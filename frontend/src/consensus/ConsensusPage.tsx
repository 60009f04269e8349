// The consensus view of a transcript: the text with the consensus excerpts
// highlighted in their theme colours, as the coding view shows a coder's,
// and beside it the excerpts theme by theme. Leads see it in every phase;
// other members once a lead locked the transcript.
import { useMemo } from 'react';
import { ApiError } from '../api/client';
import type { CodebookNode, Transcript } from '../api/types';
import { useCodebook } from '../codebook/useCodebook';
import { useThemes } from '../coding/choice';
import { useHighlights } from '../coding/highlights';
import { Turns } from '../coding/TurnView';
import { ProjectMissing, useProject } from '../projects/useProject';
import { phaseWords } from '../reconcile/phase';
import { useLoad } from '../shared/load';
import { CodePointText } from '../shared/text';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { ContentNoteGate, TextSize, TranscriptMissing, sizes, useNoteRead, useTextSize, useTranscript } from '../transcripts/transcript';
import { consensus, type Consensus } from './api';
import { ThemeList } from './ThemeList';
import '../coding/coding.css';
import './consensus.css';

/** ConsensusPage loads the transcript, the codebook and the consensus, and shows them. */
export function ConsensusPage({ pid, tid }: { pid: string; tid: string }) {
  const { project, error: projectError } = useProject(pid);
  const { t, error: transcriptError } = useTranscript(pid, tid);
  const { cb, error: codebookError } = useCodebook(pid);
  const loaded = useLoad(`${pid}/${tid}`, () => consensus(pid, tid));

  if (projectError) return <ProjectMissing error={projectError} />;
  if (transcriptError) return <TranscriptMissing pid={pid} error={transcriptError} />;
  const error = codebookError || loaded.error;
  if (error) {
    return (
      <Page title={t ? `Consensus of “${t.title}”` : 'Consensus'}>
        {/* Not locked yet is no error: it says when the consensus will be there. */}
        {error instanceof ApiError && error.code === 'phase_not_allowed' ? <p className="lead-text">{error.message}</p> : <Alert error={error} />}
        <p>
          <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link>
        </p>
      </Page>
    );
  }
  if (!project || !t || !cb || !loaded.data) return <Loading />;
  return <ConsensusView pid={pid} t={t} c={loaded.data} nodes={cb.nodes} />;
}

function ConsensusView({ pid, t, c, nodes }: { pid: string; t: Transcript; c: Consensus; nodes: CodebookNode[] }) {
  const text = useMemo(() => new CodePointText(t.text), [t.text]);
  const { themeOf, themeName } = useThemes(nodes);
  const excerpts = useMemo(() => c.set.excerpts ?? [], [c.set.excerpts]);
  // The consensus is drawn as a coder's own excerpts are: filled with the theme colours.
  const { segments } = useHighlights({ mine: excerpts, others: [], userId: '', turns: t.turns, themeOf, themeName, coderNames: noNames });
  const [size, setSize] = useTextSize();
  const [noteRead, markNoteRead] = useNoteRead(t.id);
  const phase = c.transcript.phase;
  const empty = excerpts.length === 0;

  return (
    <Page title={`Consensus of “${t.title}”`} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts/${t.id}`}>Back to the transcript</Link>
      </p>
      <p className="phase-line">
        <span className="tag">{phaseWords[phase].name}</span> {phaseWords[phase].what}
      </p>
      <p className="lead-text">The coding the team agreed on for this interview, highlighted in the colours of its themes.</p>
      {empty && (
        <p className="cs-empty">
          {c.transcript.hasConsensus
            ? 'The consensus of this interview has no excerpts.'
            : 'There is no consensus for this interview yet. It starts when a lead starts reconciling the coding.'}
        </p>
      )}
      {t.contentNote && !noteRead ? (
        <ContentNoteGate note={t.contentNote} onContinue={markNoteRead}>
          Take your time. You can stop reading at any point and come back later.
        </ContentNoteGate>
      ) : (
        <div className={empty ? undefined : 'cs-layout'}>
          <section aria-labelledby="cs-text-h" className="cs-main">
            <h2 id="cs-text-h">The interview</h2>
            {t.contentNote && <p className="note-reminder">Content note: {t.contentNote}</p>}
            <TextSize size={size} setSize={setSize} />
            {excerpts.some((e) => e.themes.length > 1) && (
              <p className="hint">
                <span className="legend-multi" aria-hidden="true" />
                Striped highlights have more than one theme.
              </p>
            )}
            <div className="code-text cs-text" style={{ fontSize: `${sizes[size]}rem` }}>
              <Turns t={t} text={text} segments={segments} />
            </div>
          </section>
          {!empty && <ThemeList excerpts={excerpts} text={text} nodes={nodes} themeOf={themeOf} />}
        </div>
      )}
    </Page>
  );
}

const noNames = new Map<string, string>();
