import { useState } from 'react';
import { api } from '../api/client';
import { useAction } from '../shared/action';
import { navigate } from '../shared/router';
import { CodePointText, formatClock } from '../shared/text';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { useSession } from '../shared/session';
import { useProject } from '../projects/useProject';
import { phaseWords, reconcileLinkWords } from '../reconcile/phase';
import { isFrozen } from '../coding/frozen';
import { mayReadConsensus } from '../consensus/log';
import { ContentNoteGate, TextSize, TranscriptMissing, sizes, useNoteRead, useTextSize, useTranscript } from './transcript';
import './transcripts.css';

/** ReaderPage shows a transcript turn by turn. */
export function ReaderPage({ pid, tid }: { pid: string; tid: string }) {
  const { t, error } = useTranscript(pid, tid);
  const { user } = useSession();
  const role = useProject(pid).project?.myRole ?? '';
  const [size, setSize] = useTextSize();
  const [noteRead, markNoteRead] = useNoteRead(tid);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleting = useAction();

  if (error) return <TranscriptMissing pid={pid} error={error} />;
  if (!t) return <Loading />;
  const lead = role === 'lead';
  // From reconciling on, nobody's coding changes: the coding is there to read.
  const canCode = (lead || (role === 'coder' && !!user && t.assignedCoders.includes(user.id))) && !isFrozen(t.phase);
  const text = new CodePointText(t.text);
  const facts: [string, string][] = [
    ['Participant', t.participant],
    ['Date', t.interviewDate],
    ['Interviewer', t.interviewer],
    ['Site', t.site],
    ['Length', `${t.words.toLocaleString('en-GB')} words, ${t.turnCount} turns`],
    ...Object.entries(t.attributes),
  ];
  const factsShown = facts.filter(([, v]) => v);

  function remove() {
    void deleting.run(async () => {
      await api.deleteTranscript(pid, tid);
      navigate(`/projects/${pid}/transcripts`);
    });
  }

  return (
    <Page title={t.title} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts`}>Back to the transcripts</Link>
      </p>
      {role && (
        <p>
          <Link to={`/projects/${pid}/transcripts/${tid}/code`} className={canCode ? 'button-link primary' : 'button-link'}>
            {canCode ? 'Code this transcript' : 'See the coding'}
          </Link>
          {mayReadConsensus(t, lead) && (
            <>
              {' '}
              <Link to={`/projects/${pid}/transcripts/${tid}/consensus`} className="button-link">
                See the consensus
              </Link>
            </>
          )}
        </p>
      )}
      <p className="phase-line">
        <span className="tag">{phaseWords[t.phase].name}</span> {phaseWords[t.phase].what}
      </p>
      <dl className="facts">
        {factsShown.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {lead && (
        <nav aria-label="Transcript" className="subnav">
          <ul>
            {reconcileLinkWords(t.phase) && (
              <li>
                <Link to={`/projects/${pid}/transcripts/${tid}/reconcile`}>{reconcileLinkWords(t.phase)}</Link>
              </li>
            )}
            <li>
              <Link to={`/projects/${pid}/transcripts/${tid}/details`}>Edit details and speakers</Link>
            </li>
            <li>
              <Link to={`/projects/${pid}/transcripts/${tid}/deidentify`}>Remove names and identifiers</Link>
            </li>
            <li>
              {confirmDelete ? (
                <span className="confirm" role="group" aria-label="Confirm deleting">
                  <span>Delete “{t.title}” for everyone?</span>
                  <button type="button" className="danger" onClick={remove}>
                    Yes, delete
                  </button>
                  <button type="button" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
                  Delete transcript
                </button>
              )}
            </li>
          </ul>
        </nav>
      )}
      <Alert error={deleting.error} />
      {t.contentNote && !noteRead ? (
        <ContentNoteGate note={t.contentNote} onContinue={markNoteRead}>
          Take your time. You can stop reading at any point and come back later.
        </ContentNoteGate>
      ) : (
        <>
          {t.contentNote && <p className="note-reminder">Content note: {t.contentNote}</p>}
          <TextSize size={size} setSize={setSize} />
          <div className="transcript" style={{ fontSize: `${sizes[size]}rem` }}>
            {t.turns.map((turn, i) => (
              // Not a landmark per turn: a long interview would have hundreds. The speaker's name starts each turn.
              <div key={i} className="turn">
                <p className="speaker">
                  {turn.speaker && <strong>{turn.speaker}</strong>}
                  {turn.speaker && turn.speaker === t.participantSpeaker && !/^participant$/i.test(turn.speaker) && <span className="tag">Participant</span>}
                  {turn.atMillis !== undefined && <span className="time">{formatClock(turn.atMillis)}</span>}
                </p>
                {text
                  .slice(turn.start, turn.end)
                  .split('\n')
                  .map((para, j) => (
                    <p key={j}>{para}</p>
                  ))}
              </div>
            ))}
          </div>
        </>
      )}
    </Page>
  );
}
