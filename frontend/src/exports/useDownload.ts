// Downloading a file of the API from a button: the client fetches it with
// the access token (a plain link would not carry it), then the browser saves it.
import { useState } from 'react';
import { api } from '../api/client';
import { saveFile } from '../codebook/codebookUi';

/** useDownload fetches one file at a time; busy names the file being
 * prepared, and onDone is told the saved file's name in words. */
export function useDownload(pid: string, onDone: (message: string) => void) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function get(path: string, fallbackName: string) {
    if (busy) return;
    setBusy(path);
    setError(null);
    try {
      const f = await api.download(`/projects/${encodeURIComponent(pid)}${path}`, fallbackName);
      saveFile(f.blob, f.fileName);
      onDone(`Downloaded “${f.fileName}”. Look for it in your downloads.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy('');
    }
  }
  return { busy, error, get };
}
