// The whole project as one REFI-QDA file, listed on the Exports page for
// leads: for moving the project into another tool, or for archiving it.
import type { ExportItem } from './exports';

export const wholeProject: ExportItem = {
  id: 'project',
  title: 'Whole project',
  purpose:
    'Everything in one file: the interviews, the codebook, each coder’s excerpts and memos, and the consensus. Use it to move the project into NVivo, ATLAS.ti, MAXQDA or QualCoder, or to keep a copy for your archive.',
  files: [{ label: 'Whole project (.qdpx)', path: '/exports/project.qdpx', fallbackName: 'project.qdpx' }],
  leadOnly: true,
};
