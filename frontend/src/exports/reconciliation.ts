// The files of reconciliation, listed on the Exports page under their own
// heading once there are any. The decisions workbook (the log of every
// decision with its rationale) and the findings workbook (themes with
// participant counts and exemplar quotes) are added here, each as an
// ExportItem, by the work on reconciliation.
import type { ExportItem } from './exports';

export const reconciliationFiles: ExportItem[] = [];
