// The coding page: it loads what the workspace needs (the project, the
// transcript, the codebook and the coding sets) and loads the text and the
// coding again when a lead removed names meanwhile.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useCodebook } from '../codebook/useCodebook';
import { ProjectMissing, useProject } from '../projects/useProject';
import { useLoad } from '../shared/load';
import { useSession } from '../shared/session';
import { TranscriptMissing, useTranscript } from '../transcripts/transcript';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { Workspace } from './Workspace';
import './coding.css';

/** CodingPage loads what the workspace needs. */
export function CodingPage({ pid, tid }: { pid: string; tid: string }) {
  const { user } = useSession();
  const { project, error: projectError } = useProject(pid);
  const { t, setT, error: transcriptError, reload: reloadTranscript } = useTranscript(pid, tid);
  const { cb, error: codebookError } = useCodebook(pid);
  const { data: codings, set: setCodings, error: codingsError, reload: reloadCodings } = useLoad(`${pid}/${tid}`, () => api.codings(pid, tid));
  const [reloadError, setReloadError] = useState<unknown>(null);
  // The coding refers to a newer text than the one shown (a lead removed
  // names meanwhile): load the text again. Saves made on the text shown are
  // moved to the same words by the server.
  const [textNote, setTextNote] = useState(false);
  const newest = codings ? Math.max(0, ...codings.sets.map((s) => s.textVersion ?? 0)) : 0;
  const stale = !!t && newest > t.textVersion;
  useEffect(() => {
    if (stale) void reloadTranscript();
  }, [stale, reloadTranscript]);
  // Once the workspace is open, the text and the coding are loaded again
  // together, so that it stays on screen (and its saving goes on).
  const textChanged = useCallback(() => {
    setTextNote(true);
    Promise.all([api.transcript(pid, tid), api.codings(pid, tid)]).then(([nt, nc]) => {
      setT(nt);
      setCodings(nc);
    }, setReloadError);
  }, [pid, tid, setT, setCodings]);
  // Coming back to the tab: a lead may have removed names meanwhile.
  const shownVersion = t?.textVersion;
  useEffect(() => {
    if (shownVersion === undefined) return;
    const back = () => {
      if (document.visibilityState !== 'visible') return;
      api.myCoding(pid, tid).then((set) => (set.textVersion ?? 0) > shownVersion && textChanged(), () => {});
    };
    document.addEventListener('visibilitychange', back);
    return () => document.removeEventListener('visibilitychange', back);
  }, [pid, tid, shownVersion, textChanged]);

  if (projectError) return <ProjectMissing error={projectError} />;
  if (transcriptError) return <TranscriptMissing pid={pid} error={transcriptError} />;
  const error = codebookError || codingsError || reloadError;
  if (error)
    return (
      <Page title="The coding could not be loaded">
        <Alert error={error} />
        <p>
          <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link>
        </p>
      </Page>
    );
  if (!project || !t || !cb || !codings || !user || (stale && !textNote)) return <Loading />;
  return (
    <Workspace
      project={project}
      t={t}
      cb={cb}
      codings={codings}
      userId={user.id}
      reloadCodings={reloadCodings}
      onTextChanged={textChanged}
      textNote={textNote}
      clearTextNote={() => setTextNote(false)}
    />
  );
}
