// Typed calls of the agreement API: the report, the disagreements behind it
// and the agreement workbook. They go through the one client in ./api, which
// carries the access token and turns error answers into ApiError.
import { api, type Download, type ResearcherType } from './api';

/** Figure is a statistic: a number, or null with the reason it is undefined. */
export interface Figure {
  value: number | null;
  note?: string;
}

export type Reading = 'reliable' | 'tentative' | 'not reliable' | 'not enough data';
export type UnitKind = 'turn' | 'paragraph' | 'sentence';

export interface ReportCoder {
  id: string;
  name: string;
  researcherType: ResearcherType;
}

/** Row is the statistics of one theme, or of a category or domain taken as "any theme below it". */
export interface Row {
  nodeId: string;
  name: string;
  level: 'domain' | 'category' | 'theme';
  parentId: string;
  units: number;
  coders: number;
  prevalence: Figure;
  percentAgreement: Figure;
  cohenKappaMean: Figure;
  fleissKappa: Figure;
  alpha: Figure;
  alphaLow?: number;
  alphaHigh?: number;
  gwetAC1: Figure;
  reading: Reading;
  binaryUAlpha: Figure;
  /** scottPi and brennanPrediger are shown in a theme's detail; older servers leave them out. */
  scottPi?: Figure;
  brennanPrediger?: Figure;
  // Categories only.
  nominalAlpha?: Figure;
  multiThemeUnits?: number;
  uAlpha?: Figure;
}

/** GroupRow compares peer and academic coders on one theme. */
export interface GroupRow {
  nodeId: string;
  name: string;
  withinPeer: Figure;
  withinAcademic: Figure;
  across: Figure;
  split: boolean;
}

export interface TranscriptRow {
  id: string;
  title: string;
  units: number;
  coders: number;
  meanAlpha: Figure;
  themesWithAlpha: number;
  reading: Reading;
  meanBinaryUAlpha: Figure;
}

export interface ReportOptions {
  unit: UnitKind;
  minOverlap: number;
  draws: number;
  seed: number;
}

export interface AgreementReport {
  options: ReportOptions;
  coders: ReportCoder[];
  /** units counts the units of every interview chosen. */
  units: number;
  /** comparedTranscripts and comparedUnits are what the figures are
   * computed over: the interviews at least two coders submitted, and their units. */
  comparedTranscripts: number;
  comparedUnits: number;
  themes: Row[];
  categories: Row[];
  domains: Row[];
  coderMatrix: Figure[][];
  groups: GroupRow[];
  transcripts: TranscriptRow[];
}

/** Difference is a unit or a stretch of text where some coders applied a theme and others did not. */
export interface Difference {
  start: number;
  end: number;
  text: string;
  applied: string[];
  notApplied: string[];
}

export interface Disagreements {
  coders: ReportCoder[];
  units: Difference[];
  spans: Difference[];
}

/** ReportFilters are the parameters a lead chooses; empty lists mean "all". */
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
