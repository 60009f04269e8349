// Typed calls of the agreement API: the report, the disagreements behind it
// and the agreement workbook. They go through the one client in ./api, which
// carries the access token and turns error answers into ApiError.
import { api } from '../api/client';
import type { AgreementReport, Disagreements, Download, UnitKind } from '../api/types';

export interface ReportFilters {
  unit: UnitKind;
  overlap: number;
  transcripts: string[];
  coders: string[];
}

export const defaultFilters: ReportFilters = { unit: 'turn', overlap: 1, transcripts: [], coders: [] };

/** reportQuery is the query string of a report, a workbook or a list of
 * disagreements with these filters ("" when all are the defaults). */
export function reportQuery(f: ReportFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  if (f.unit !== 'turn') q.set('unit', f.unit);
  if (f.overlap !== 1) q.set('overlap', String(f.overlap));
  if (f.transcripts.length > 0) q.set('transcripts', f.transcripts.join(','));
  if (f.coders.length > 0) q.set('coders', f.coders.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const base = (pid: string) => `/projects/${encodeURIComponent(pid)}`;

/** agreementReport computes the report over the submitted coding; draws is
 * the number of bootstrap samples for alpha's interval (the server's default
 * when left out; 0 for no interval, which is quicker). */
export function agreementReport(pid: string, f: ReportFilters = defaultFilters, draws?: number): Promise<AgreementReport> {
  return api.request<AgreementReport>('GET', `${base(pid)}/agreement${reportQuery(f, draws === undefined ? {} : { draws: String(draws) })}`);
}

/** disagreements lists where the coders differ on one theme in one transcript. */
export function disagreements(pid: string, transcript: string, theme: string, f: ReportFilters = defaultFilters): Promise<Disagreements> {
  // The transcript is chosen here; a list of transcripts does not apply.
  return api.request<Disagreements>('GET', `${base(pid)}/agreement/disagreements${reportQuery({ ...f, transcripts: [] }, { transcript, theme })}`);
}

/** agreementWorkbook downloads the report as an Excel workbook. */
export function agreementWorkbook(pid: string, f: ReportFilters = defaultFilters): Promise<Download> {
  return api.download(`${base(pid)}/exports/agreement.xlsx${reportQuery(f)}`, 'agreement.xlsx');
}
