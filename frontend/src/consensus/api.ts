// Typed calls of the read views of reconciliation: a transcript's consensus,
// the decisions log and its workbook. They go through the one client in
// ../api, which carries the access token and turns error answers into ApiError.
import { api } from '../api/client';
import type { CodingSet, Download, TranscriptInfo } from '../api/types';
import type { components } from '../api/schema';
import { filtersQuery, type LogFilters } from './log';

export type Decision = components['schemas']['Decision'];
export type DecisionSide = components['schemas']['DecisionSide'];
export type DecisionAction = Decision['action'];

/** Consensus is a transcript's entry and its consensus set (empty before reconciliation). */
export interface Consensus {
  transcript: TranscriptInfo;
  set: CodingSet;
}

const base = (pid: string) => `/projects/${encodeURIComponent(pid)}`;

/** consensus loads a transcript's consensus set (leads; others once it is locked). */
export function consensus(pid: string, tid: string): Promise<Consensus> {
  return api.request<Consensus>('GET', `${base(pid)}/transcripts/${encodeURIComponent(tid)}/consensus`);
}

/** decisions loads the decisions log with these filters, oldest first (leads). */
export function decisions(pid: string, f: LogFilters): Promise<Decision[]> {
  return api.request<{ decisions: Decision[] }>('GET', `${base(pid)}/decisions${filtersQuery(f)}`).then((r) => r.decisions);
}

/** decisionsWorkbook downloads the decisions log with the same filters as an Excel workbook. */
export function decisionsWorkbook(pid: string, f: LogFilters): Promise<Download> {
  return api.download(`${base(pid)}/exports/decisions.xlsx${filtersQuery(f)}`, 'decisions.xlsx');
}
