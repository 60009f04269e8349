// The whole project as one REFI-QDA file, listed on the Exports page for
// leads: for moving the project into another tool, or for archiving it.
import type { ExportItem } from './exports';

export const wholeProject: ExportItem = {
  id: 'project',
  title: 'Whole project',
  purpose:
    'Everything in one file: the interviews, the codebook, each coder’s excerpts and memos, and the consensus. It is a REFI-QDA project (.qdpx), the exchange format of qualitative analysis tools, checked against that format’s rules. Keep it as a copy for your archive, or bring it into another tool that imports REFI-QDA projects.',
  files: [{ label: 'Whole project (.qdpx)', path: '/exports/project.qdpx', fallbackName: 'project.qdpx' }],
  leadOnly: true,
};
