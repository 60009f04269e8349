// The files of reconciliation, listed on the Exports page under their own
// heading (leads only): the decisions workbook (the log of every decision
// with its rationale) and the findings workbook (themes with participant
// counts and exemplar quotes).
import type { ExportItem } from './exports';

export const reconciliationFiles: ExportItem[] = [
  {
    id: 'decisions',
    title: 'Decisions',
    purpose:
      'Every decision on a disagreement, with its reason and who saw it differently, peer researchers and academics: the record of how the team reached its consensus.',
    files: [{ label: 'Excel workbook (.xlsx)', path: '/exports/decisions.xlsx', fallbackName: 'decisions.xlsx' }],
    leadOnly: true,
  },
  {
    id: 'findings',
    title: 'Findings',
    purpose:
      'Each theme with how many participants and interviews it was found in (“8 of 10 participants”) and the quotes you picked, ready for the results of a paper.',
    files: [{ label: 'Excel workbook (.xlsx)', path: '/exports/findings.xlsx', fallbackName: 'findings.xlsx' }],
    leadOnly: true,
  },
];
