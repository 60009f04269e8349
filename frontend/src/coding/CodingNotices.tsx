// The bar of the coding workspace (saving, the count, the text size, the
// other coders' excerpts) and the notices under it.
import type { CodingSet, CodingStatus, Codings } from '../api/client';
import { plural } from '../codebook/codebook';
import type { useSaveQueue } from './codingSave';
import type { SaveQueue } from './saveQueue';
import { SaveState } from './SaveState';
import { frozenWords, isFrozen, lostWords } from './frozen';
import { phaseWords } from '../reconcile/phase';
import type { Phase } from '../reconcile/api';
import { TextSize } from '../transcripts/transcript';

/** CodingTools is the bar over the text. */
export function CodingTools({
  queue,
  canCode,
  count,
  status,
  phase,
  size,
  setSize,
  visibleOthers,
  showOthers,
  setShowOthers,
}: {
  queue: SaveQueue;
  canCode: boolean;
  count: number;
  status: CodingStatus;
  phase: Phase;
  size: number;
  setSize: (f: (s: number) => number) => void;
  visibleOthers: CodingSet[];
  showOthers: boolean;
  setShowOthers: (show: boolean) => void;
}) {
  return (
    <div className="code-bar" role="group" aria-label="Coding tools">
      <SaveState queue={queue} canCode={canCode} />
      <span className="code-count">{canCode
          ? `${plural(count, 'excerpt', 'excerpts')} · ${isFrozen(phase) ? phaseWords[phase].name : status === 'submitted' ? 'Submitted' : 'In progress'}`
          : 'Reading only'}</span>
      <TextSize size={size} setSize={setSize} inline />
      {visibleOthers.length > 0 && (
        <label className="inline-check">
          <input type="checkbox" checked={showOthers} onChange={(e) => setShowOthers(e.target.checked)} /> Show the other coders’ excerpts (
          {visibleOthers.map((s) => s.coderName).join(', ')})
        </label>
      )}
    </div>
  );
}

/** Notice is a line that says what happened, with an OK button to close it. */
function Notice({ children, onOK }: { children: React.ReactNode; onOK: () => void }) {
  return (
    <p className="notice" role="status">
      {children}{' '}
      <button type="button" className="link-button inline" onClick={onOK}>
        OK
      </button>
    </p>
  );
}

/** CodingNotices says how the project codes, what the colours mean, and what
 * happened to the saving: changes replayed, the text loaded again, a
 * conflict with another tab, changes refused. */
export function CodingNotices({
  codings,
  canCode,
  phase,
  showOthers,
  saving,
  textNote,
  clearTextNote,
}: {
  codings: Codings;
  canCode: boolean;
  phase: Phase;
  showOthers: boolean;
  saving: ReturnType<typeof useSaveQueue>;
  textNote: boolean;
  clearTextNote: () => void;
}) {
  const { refused, clearRefused, conflictNote, clearConflictNote, replayNote, clearReplayNote, lost } = saving;
  const frozen = frozenWords(phase);
  const othersNote = codings.seesAll || codings.openCoding || frozen ? '' : 'The project codes independently: nobody sees anyone else’s excerpts until a lead reveals them.';
  return (
    <>
      {/* Said at once when it is there from the start, announced when a refused save brings it. */}
      <div role="status" className="frozen-status">
        {frozen && canCode && (
          <p className="notice frozen-notice">
            <strong>{frozen}</strong> {lostWords(lost)}
          </p>
        )}
      </div>
      {othersNote && canCode && <p className="hint">{othersNote}</p>}
      {showOthers && (
        <p className="hint legend">
          <span className="legend-own">Your excerpts</span> are filled with the theme’s colour; <span className="legend-other">other coders’ excerpts</span> are
          dashed lines under the text. Each line is one excerpt; choose one to see its themes and who coded it.
        </p>
      )}
      {replayNote && <Notice onOK={clearReplayNote}>{replayNote}</Notice>}
      {textNote && <Notice onOK={clearTextNote}>A lead removed names from this transcript, so the text was loaded again. Your coding stays on the same words.</Notice>}
      {conflictNote && !textNote && (
        <Notice onOK={clearConflictNote}>Your coding was changed in another tab or device. Tandem loaded the latest and kept your changes on top of it.</Notice>
      )}
      {refused.length > 0 && (
        <div className="alert" role="alert">
          <p>
            <strong>{refused.length === 1 ? 'One change was not saved:' : `${refused.length} changes were not saved:`}</strong>
          </p>
          <ul>
            {refused.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <button type="button" onClick={clearRefused}>
            I have read this
          </button>
        </div>
      )}
    </>
  );
}
