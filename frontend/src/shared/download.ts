// Downloading a file of the API from a button: the client fetches it with
// the access token (a plain link would not carry it), then the browser saves
// it. One helper for every download button; it runs through useAction.
import { api, type Download } from '../api/client';
import { useAction } from './action';

/** saveFile hands a downloaded file to the browser to save. */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** downloadedWords tells where a saved file went. */
export function downloadedWords(fileName: string): string {
  return `Downloaded “${fileName}”. Look for it in your downloads.`;
}

/** projectFile fetches a file at path under a project's API, such as
 * /exports/codebook.xlsx; fallbackName names it when the server gives no name. */
export function projectFile(pid: string, path: string, fallbackName: string): () => Promise<Download> {
  return () => api.download(`/projects/${encodeURIComponent(pid)}${path}`, fallbackName);
}

/** useDownload fetches and saves one file at a time: get(name, fetch)
 * fetches, saves and tells onDone where the file went; doing names the file
 * being prepared ('' when none), and error is the last try's error. */
export function useDownload(onDone: (message: string) => void) {
  const { doing, error, setError, run } = useAction();
  function get(name: string, fetch: () => Promise<Download>) {
    return run(
      async () => {
        const f = await fetch();
        saveFile(f.blob, f.fileName);
        onDone(downloadedWords(f.fileName));
      },
      { doing: name },
    );
  }
  return { doing, error, setError, get };
}
