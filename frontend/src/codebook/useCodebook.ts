import { api } from '../api/client';
import { useLoad } from '../shared/load';

/** useCodebook loads a project's codebook. */
export function useCodebook(pid: string) {
  const { data: cb, set: setCb, error, reload } = useLoad(pid, () => api.codebook(pid));
  return { cb, setCb, error, reload };
}
