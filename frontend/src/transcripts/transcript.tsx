// What every page about one transcript shares: loading it, what to say when
// it cannot be shown, the text sizes, and its content note.
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, api } from '../api/client';
import { useLoad } from '../shared/load';
import { Alert, Link, Page } from '../shared/ui';

/** sizes are the text sizes to choose from, in rem. */
export const sizes = [1, 1.15, 1.3, 1.5, 1.75];
const sizeKey = 'tandem.textSize';

/** useTextSize is the text size chosen (an index into sizes), kept in this browser. */
export function useTextSize() {
  const [size, setSize] = useState(() => Math.max(0, sizes.indexOf(Number(localStorage.getItem(sizeKey)))));
  useEffect(() => localStorage.setItem(sizeKey, String(sizes[size])), [size]);
  return [size, setSize] as const;
}

/** useTranscript loads one transcript of a project. */
export function useTranscript(pid: string, tid: string) {
  const { data: t, set: setT, error, reload } = useLoad(`${pid}/${tid}`, () => api.transcript(pid, tid));
  return { t, setT, error, reload };
}

/** TranscriptMissing explains a transcript that cannot be shown. */
export function TranscriptMissing({ pid, error }: { pid: string; error: unknown }) {
  const notFound = error instanceof ApiError && error.code === 'not_found';
  return (
    <Page title={notFound ? 'Transcript not found' : 'The transcript could not be loaded'}>
      {notFound ? <p>This transcript does not exist, or it is not assigned to you.</p> : <Alert error={error} />}
      <p>
        <Link to={`/projects/${pid}/transcripts`}>Back to the transcripts</Link>
      </p>
    </Page>
  );
}

/** useNoteRead tells whether the transcript's content note was read in this
 * browser session, and marks it read. */
export function useNoteRead(tid: string): [boolean, () => void] {
  const key = `tandem.noteRead.${tid}`;
  const [read, setRead] = useState(() => sessionStorage.getItem(key) === '1');
  return [
    read,
    () => {
      sessionStorage.setItem(key, '1');
      setRead(true);
    },
  ];
}

/** ContentNoteGate shows a transcript's content note before its text, with
 * a reassurance (children) and a button to go on. */
export function ContentNoteGate({ note, onContinue, children }: { note: string; onContinue: () => void; children: ReactNode }) {
  return (
    <section className="content-note" aria-labelledby="note-heading">
      <h2 id="note-heading">Before you read</h2>
      <p className="lead-text">{note}</p>
      <p>{children}</p>
      <button type="button" className="primary" onClick={onContinue}>
        Show the transcript
      </button>
    </section>
  );
}

/** TextSize is the pair of buttons that make the text smaller or larger
 * (size is an index into sizes); inline keeps it in a line of tools. */
export function TextSize({ size, setSize, inline }: { size: number; setSize: (f: (s: number) => number) => void; inline?: boolean }) {
  const Box = inline ? 'span' : 'div';
  return (
    <Box className="text-size" role="group" aria-label="Text size">
      <button type="button" onClick={() => setSize((s) => Math.max(0, s - 1))} disabled={size === 0}>
        Smaller text
      </button>
      <button type="button" onClick={() => setSize((s) => Math.min(sizes.length - 1, s + 1))} disabled={size === sizes.length - 1}>
        Larger text
      </button>
    </Box>
  );
}
