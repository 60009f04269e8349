// The transcript text of the coding workspace: how to select, the turns with
// their highlights, and the "Apply a theme" button under the selection.
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent, type RefObject } from 'react';
import type { Transcript } from '../api/client';
import type { Place, RSeg } from './highlights';
import { Turns } from './TurnView';
import { sizes } from '../transcripts/transcript';

/** CodingText draws the text; the workspace holds the caret, the selection and the keys. */
export function CodingText({
  t,
  place,
  segments,
  editable,
  size,
  textRef,
  pointer,
  onKey,
  pickerOpen,
  openPicker,
  say,
}: {
  t: Transcript;
  place: Place;
  segments: RSeg[][];
  editable: boolean;
  size: number;
  textRef: RefObject<HTMLDivElement | null>;
  pointer: { onMouseUp: (e: MouseEvent) => void; onPointerDown: (e: PointerEvent) => void };
  onKey: (e: KeyboardEvent) => void;
  pickerOpen: boolean;
  openPicker: () => void;
  /** say is the live region's words: where the caret is, what was done. */
  say: string;
}) {
  const { text, spans, caret, selection, chosen } = place;
  const turns = t.turns;
  // The "Apply a theme" button sits just under the end of the selection.
  const mainRef = useRef<HTMLDivElement>(null);
  const popRef = useRef<HTMLButtonElement>(null);
  const [popAt, setPopAt] = useState<{ top: number; left: number } | null>(null);
  const selKey = selection ? `${selection[0]}-${selection[1]}` : '';
  useLayoutEffect(() => {
    if (!selKey || !mainRef.current) {
      setPopAt(null);
      return;
    }
    const ends = textRef.current?.querySelectorAll('.sel');
    const last = ends?.[ends.length - 1];
    if (!last) return;
    const rects = last.getClientRects();
    const r = rects[rects.length - 1] ?? last.getBoundingClientRect();
    const box = mainRef.current.getBoundingClientRect();
    const width = popRef.current?.offsetWidth ?? 280;
    setPopAt({ top: r.bottom - box.top + 6, left: Math.max(0, Math.min(r.right - box.left - width / 2, box.width - width)) });
  }, [selKey, size, textRef]);

  return (
    <div className="code-main" ref={mainRef}>
      <p className="hint" id="text-help">
        {editable
          ? 'Select text with the mouse, with your finger (press and hold, then drag the handles), or with the keyboard: arrows move by word (Alt+arrow by letter), up and down by turn, Shift extends the selection. Then press T or Enter to choose a theme, or 1–9 for a recent theme.'
          : 'Move through the text with the arrow keys; the panel lists the excerpts where you are.'}
      </p>
      {spans.some((h) => h.themes.length > 1) && (
        <p className="hint">
          <span className="legend-multi" aria-hidden="true" />
          Striped highlights have more than one theme. Choose one to see them all.
        </p>
      )}
      {/* The text is one keyboard widget (role application): the caret moves by
          word, turn and edge, and T, Enter, 1–9, Delete act on it. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <div
        ref={textRef}
        className={turns.length > 150 ? 'code-text long' : 'code-text'}
        style={{ fontSize: `${sizes[size]}rem` }}
        tabIndex={0}
        role="application"
        aria-roledescription="transcript"
        aria-label={`Transcript text${editable ? ', for coding' : ''}`}
        aria-describedby="text-help"
        onKeyDown={onKey}
        onMouseUp={pointer.onMouseUp}
        onPointerDown={pointer.onPointerDown}
      >
        <Turns t={t} text={text} segments={segments} caret={caret} selection={selection} chosen={chosen} />
      </div>
      {editable && selection && !pickerOpen && (
        <button
          type="button"
          ref={popRef}
          className="primary sel-pop"
          style={popAt ? { top: popAt.top, left: popAt.left } : { visibility: 'hidden' }}
          onClick={openPicker}
        >
          Apply a theme to the selection <kbd>T</kbd>
        </button>
      )}
      <div className="visually-hidden" aria-live="polite">
        {say}
      </div>
    </div>
  );
}
