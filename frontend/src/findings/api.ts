// Typed calls of the findings API: the findings, picking and removing
// quotes, the findings workbook, and each coder against the consensus.
import { api } from '../api/client';
import type { Codebook, ConsensusReport, Download, Exemplar, Findings } from '../api/types';
import { defaultFilters, reportQuery, type ReportFilters } from '../agreement/api';

const base = (pid: string) => `/projects/${encodeURIComponent(pid)}`;

/** findings loads the findings; with a theme, also its consensus excerpts to pick quotes from. */
export function findings(pid: string, theme?: string): Promise<Findings> {
  return api.request<Findings>('GET', `${base(pid)}/findings${theme ? `?theme=${encodeURIComponent(theme)}` : ''}`);
}

/** Pick is a lead's pick of a consensus excerpt as a quote for a theme. */
export interface Pick {
  themeId: string;
  transcriptId: string;
  excerptId: string;
  /** codebookVersion, when given, makes the quote the theme's example in the codebook. */
  codebookVersion?: number;
}

/** pickQuote keeps a consensus excerpt as a quote (and as the codebook's example when a version is given). */
export function pickQuote(pid: string, p: Pick): Promise<{ exemplar: Exemplar; codebook?: Codebook }> {
  const { codebookVersion, ...rest } = p;
  const body = codebookVersion === undefined ? rest : { ...rest, codebookExample: true, codebookVersion };
  return api.request('POST', `${base(pid)}/exemplars`, body);
}

/** removeQuote removes a picked quote. */
export function removeQuote(pid: string, id: string): Promise<void> {
  return api.request<void>('DELETE', `${base(pid)}/exemplars/${encodeURIComponent(id)}`);
}

/** findingsWorkbook downloads the findings as an Excel workbook. */
export function findingsWorkbook(pid: string): Promise<Download> {
  return api.download(`${base(pid)}/exports/findings.xlsx`, 'findings.xlsx');
}

/** consensusAgreement compares each coder (or, for a coder, only themselves)
 * with the consensus, per unit and with the minimum overlap of the filters. */
export function consensusAgreement(pid: string, f: { unit: ReportFilters['unit']; overlap: number } = defaultFilters): Promise<ConsensusReport> {
  return api.request<ConsensusReport>('GET', `${base(pid)}/consensus-agreement${reportQuery({ ...defaultFilters, unit: f.unit, overlap: f.overlap })}`);
}
