// The coding workspace: the transcript turn by turn with the coder's
// highlights, a caret moved by keyboard, mouse or finger, a theme picker,
// the codebook beside the text, an editor for the chosen excerpt, automatic
// saving, and submitting. This component holds the state and the actions;
// the parts beside it draw them.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Codebook, Codings, Project, Transcript } from '../api/client';
import { codingSummary, excerptsAt, snippet } from './coding';
import { useEdits, usePicker } from './edits';
import { useChosen, useThemes } from './choice';
import { isFrozen } from './frozen';
import { useSaveQueue } from './codingSave';
import { CodingNotices, CodingTools } from './CodingNotices';
import { CodingPanel } from './CodingPanel';
import { CodingText } from './CodingText';
import { useHighlights, useOthers, type Place } from './highlights';
import { caretWords, onTextKey } from './keys';
import { useRecent } from './recent';
import { useTextSelection } from './textSelection';
import { ThemePicker } from './ThemePicker';
import { CodePointText } from '../shared/text';
import { Link, Page } from '../shared/ui';
import type { Phase } from '../reconcile/api';
import { ContentNoteGate, useNoteRead, useTextSize } from '../transcripts/transcript';

/** Workspace is the coding workspace of one coder (or reader) on one transcript. */
export function Workspace(props: {
  project: Project;
  t: Transcript;
  cb: Codebook;
  codings: Codings;
  userId: string;
  reloadCodings: () => Promise<unknown>;
  onTextChanged: () => void;
  textNote: boolean;
  clearTextNote: () => void;
}) {
  const { project, t, cb, codings, userId } = props;
  const pid = project.id;
  const tid = t.id;
  const text = useMemo(() => new CodePointText(t.text), [t.text]);
  const turns = t.turns;
  const ownSet = codings.sets[0]?.coderId === userId ? codings.sets[0] : undefined;
  const canCode = !!ownSet;
  const [status, setStatus] = useState(ownSet?.status ?? 'in_progress');
  // The phase: as loaded, or as a refused save told it (the transcript moved
  // to reconciling or locked while the workspace was open). From reconciling
  // on, the coder reads their coding like a viewer: nothing offers to change it.
  const [refusedIn, setRefusedIn] = useState<Phase | null>(null);
  const phase = refusedIn ?? t.phase;
  const frozen = isFrozen(phase);
  const editable = canCode && status === 'in_progress' && !frozen;
  const saving = useSaveQueue(pid, tid, userId, ownSet, t.textVersion, props.onTextChanged, setRefusedIn);
  const queue = saving.queue;
  const mine = queue.excerpts();

  // The codebook.
  const nodes = cb.nodes;
  const { byId, themeOf, themeName } = useThemes(nodes);
  const { recent, remember } = useRecent(pid, byId);

  // Others' coding, when it may be seen.
  const { visible: visibleOthers, show: showOthers, setShow: setShowOthers, coderNames, shown: others } = useOthers(codings, userId, canCode);
  const { spans, spanById, segments } = useHighlights({ mine, others, userId, turns, themeOf, themeName, coderNames });

  // Caret and selection (code points), and the excerpt chosen for editing (an Hl id).
  const [caret, setCaret] = useState(turns[0]?.start ?? 0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const selection: [number, number] | null = anchor !== null && anchor !== caret ? [Math.min(anchor, caret), Math.max(anchor, caret)] : null;
  const { chosen, focus: focusEditor, choose, quietChoose } = useChosen();
  const chosenHl = chosen ? spanById.get(chosen) : undefined;
  const place: Place = { text, spans, caret, selection, chosen: chosenHl };
  const [say, setSay] = useState('');
  const textRef = useRef<HTMLDivElement>(null);
  const { picker, top: pickerTop, setPicker } = usePicker(textRef);
  // On a phone (or a narrow window) the coding panel is a sheet at the bottom
  // of the screen: closed to a bar, open after a theme is applied.
  const [sheetOpen, setSheetOpen] = useState(false);
  const [size, setSize] = useTextSize();
  const [noteSeen, markNoteRead] = useNoteRead(tid);
  const noteRead = !t.contentNote || noteSeen;

  useEffect(() => {
    if (noteRead) {
      // For the end-to-end test's timing: the text is in the page, then painted.
      performance.mark('tandem:workspace-ready');
      requestAnimationFrame(() => setTimeout(() => performance.mark('tandem:workspace-painted')));
    }
  }, [noteRead]);

  // Keep the caret in view, also above the sheet of a phone when it opens.
  useEffect(() => {
    textRef.current?.querySelector('.caret')?.scrollIntoView({ block: 'nearest' });
  }, [caret, sheetOpen]);

  const focusText = () => textRef.current?.focus({ preventScroll: true });
  const describe = (pos: number, sel: [number, number] | null) => caretWords(text, turns, spans, themeName, pos, null, sel);
  const { undo, apply, remove, restore, change } = useEdits({
    text,
    queue,
    mine,
    editable,
    selection,
    picker,
    setPicker,
    themeName,
    remember,
    say: setSay,
    quietChoose,
    made: (e) => {
      // The caret goes after the new excerpt, which is chosen; the focus stays in the text.
      setAnchor(null);
      setCaret(e.end);
      quietChoose(e.id);
      setSheetOpen(true);
      focusText();
    },
  });

  const pointer = useTextSelection(textRef, text, {
    span(s, e, following) {
      setAnchor(s);
      setCaret(e);
      quietChoose(null);
      if (!following) setSay(describe(e, [s, e]) + (editable ? ' Press T or Enter, or choose a theme in the codebook, to apply it.' : ''));
    },
    caret(a) {
      setAnchor(null);
      setCaret(a);
      quietChoose(excerptsAt(spans, a, a).filter((h) => h.start < a && a < h.end)[0]?.id ?? null);
      setSay(describe(a, null));
    },
  });

  const onKey = (e: React.KeyboardEvent) =>
    onTextKey(e, {
      ...place,
      turns,
      anchor,
      canUndo: !!undo,
      editable,
      canCode: canCode && !frozen,
      recent,
      themeName,
      move: (next, a) => {
        setAnchor(a);
        setCaret(next);
      },
      letGo: () => {
        setAnchor(null);
        quietChoose(null);
      },
      undo: restore,
      openPicker: () => setPicker({ mode: 'new' }),
      choose,
      apply,
      remove,
      say: setSay,
    });

  return (
    <Page title={`Coding: ${t.title}`} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link> · <Link to={`/projects/${pid}`}>Project home</Link>
      </p>
      {!noteRead ? (
        <ContentNoteGate note={t.contentNote} onContinue={markNoteRead}>
          Take your time. Your coding is saved as you go: you can stop at any point and come back later.
        </ContentNoteGate>
      ) : (
        <>
          {t.contentNote && <p className="note-reminder">Content note: {t.contentNote}</p>}
          <CodingTools
            queue={queue}
            canCode={canCode}
            count={mine.length}
            status={status}
            phase={phase}
            size={size}
            setSize={setSize}
            visibleOthers={visibleOthers}
            showOthers={showOthers}
            setShowOthers={setShowOthers}
          />
          <CodingNotices codings={codings} canCode={canCode} phase={phase} showOthers={showOthers} saving={saving} textNote={props.textNote} clearTextNote={props.clearTextNote} />
          <div className="code-layout">
            <CodingText
              t={t}
              place={place}
              segments={segments}
              editable={editable}
              size={size}
              textRef={textRef}
              pointer={pointer}
              onKey={onKey}
              pickerOpen={!!picker}
              openPicker={() => setPicker({ mode: 'new' })}
              say={say}
            />
            <CodingPanel
              sheetOpen={sheetOpen}
              setSheetOpen={setSheetOpen}
              place={place}
              focusEditor={focusEditor}
              choose={choose}
              themeOf={themeOf}
              themeName={themeName}
              coderNames={coderNames}
              canCode={canCode}
              frozen={frozen}
              editable={editable}
              count={mine.length}
              nodes={nodes}
              recent={recent}
              openPicker={(p) => setPicker(p)}
              apply={apply}
              undo={undo}
              restore={restore}
              remove={remove}
              change={change}
              queue={queue}
              submit={{
                pid,
                tid,
                status,
                summary: () => codingSummary(text, turns, mine),
                turns,
                participant: t.participantSpeaker,
                revealed: codings.revealed,
                onDone: (set) => {
                  queue.reset(set);
                  setStatus(set.status);
                  void props.reloadCodings();
                },
              }}
              close={() => {
                queue.flush();
                quietChoose(null);
                setSheetOpen(false);
                focusText();
              }}
              focusText={focusText}
            />
          </div>
          {picker && editable && (
            <ThemePicker
              top={pickerTop}
              nodes={nodes}
              recent={recent}
              title={picker.mode === 'new' && selection ? `Apply a theme to “${snippet(text.slice(selection[0], selection[1]), 50)}”` : 'Add a theme to the excerpt'}
              onPick={(id) => apply([id])}
              onClose={() => {
                setPicker(null);
                focusText();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}
