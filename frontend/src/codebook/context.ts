// What the parts of the codebook page share.
import type { Codebook, Level } from '../api/client';

/** What the side panel shows. */
export type Panel =
  | { kind: 'none' }
  | { kind: 'node'; id: string }
  | { kind: 'add'; level: Level; parentId: string }
  | { kind: 'propose'; parentId: string }
  | { kind: 'suggest'; id: string };

/** Actions the page gives its parts: make a change and say what happened. */
export interface Ctx {
  pid: string;
  cb: Codebook;
  lead: boolean;
  coder: boolean;
  /** change runs a lead change; on success it shows the new codebook and says done(cb). */
  change: (send: () => Promise<Codebook>, done: (cb: Codebook) => string) => Promise<Codebook | null>;
  /** conflict shows the codebook the server holds now after a version_conflict. */
  conflict: (err: unknown) => Promise<Codebook | null>;
  setCb: (cb: Codebook) => void;
  say: (message: string) => void;
  /** open shows p in the side panel; keep leaves the last message showing. */
  open: (p: Panel, keep?: boolean) => void;
}
