// The shapes of what Tandem's JSON API sends and takes, in one place
// (api/openapi.yaml describes them; these can be generated from it).

export type Role = 'lead' | 'coder' | 'viewer';
export type ResearcherType = 'peer' | 'academic' | 'other';

export interface User {
  id: string;
  email: string;
  name: string;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface Session {
  accessToken: string;
  expiresAt: string;
  user: User;
}

export interface Member {
  userId: string;
  displayName: string;
  email?: string;
  role: Role;
  researcherType: ResearcherType;
  researcherTypeLabel?: string;
  joinedAt: string;
  /** onlyLead marks the project's sole lead, who cannot step down or leave yet. */
  onlyLead?: boolean;
}

/** ResetLink is a one-time password reset link, shown once to the admin who made it. */
export interface ResetLink {
  userId: string;
  url: string;
  expiresAt: string;
}

/** ResetPreview says whose password a reset link changes. */
export interface ResetPreview {
  name: string;
  email: string;
  expiresAt: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  myRole: Role;
  memberCount: number;
  shareTranscripts?: boolean;
  openCoding?: boolean;
}

export interface Project extends ProjectSummary {
  members: Member[];
}

export type InvitationStatus = 'pending' | 'used' | 'expired' | 'revoked';

export interface Invitation {
  id: string;
  role: Role;
  note?: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  usedBy?: string;
  usedAt?: string;
  url?: string;
  token?: string;
}

export interface InvitationPreview {
  projectName: string;
  role: Role;
  expiresAt: string;
  invitedBy: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  summary: string;
  details?: Record<string, unknown>;
}

export interface Turn {
  speaker: string;
  start: number;
  end: number;
  atMillis?: number;
}

export interface TranscriptInfo {
  id: string;
  title: string;
  format: 'txt' | 'md' | 'docx' | 'odt' | 'vtt' | 'srt';
  fileName: string;
  participant: string;
  interviewDate: string;
  interviewer: string;
  site: string;
  attributes: Record<string, string>;
  contentNote: string;
  assignedCoders: string[];
  words: number;
  chars?: number;
  revealed?: boolean;
  turnCount: number;
  redacted: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

export interface Transcript extends TranscriptInfo {
  text: string;
  turns: Turn[];
  participantSpeaker: string;
  speakers: { name: string; turns: number }[];
  textVersion: number;
}

export type TranscriptDetails = Partial<
  Pick<TranscriptInfo, 'title' | 'participant' | 'interviewDate' | 'interviewer' | 'site' | 'attributes' | 'contentNote' | 'assignedCoders'>
> & { version: number };

export interface Candidate {
  text: string;
  kind: 'speaker' | 'listed' | 'capitalised' | 'email' | 'phone';
  spans: [number, number][];
}

/** Identifiers is what the de-identification page starts from: candidate
 * identifiers in the text, speaker labels that may name someone, and each
 * coder's excerpt spans (to say how much coding a replacement touches). */
export interface Identifiers {
  textVersion: number;
  candidates: Candidate[];
  speakerLabels: { speaker: string; turns: number }[];
  coding: { coderId: string; coderName: string; spans: [number, number][] }[];
}

export interface UploadResult {
  fileName: string;
  ok: boolean;
  transcript?: TranscriptInfo;
  error?: { code: string; message: string };
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore?: number;
}

export type Level = 'domain' | 'category' | 'theme';
export type NodeStatus = 'proposed' | 'active' | 'archived';

/** NodeText is the wording of a codebook entry: everything a person writes. */
export interface NodeText {
  name: string;
  colour: string;
  brief: string;
  full: string;
  whenToUse: string;
  whenNotToUse: string;
  example: string;
  plainLanguage: string;
}

/** CodebookNode is a domain, category or theme. Only themes are applied to text. */
export interface CodebookNode extends NodeText {
  id: string;
  level: Level;
  parentId: string;
  status: NodeStatus;
  order: number;
  mergedInto?: string;
  proposedBy?: string;
  proposedByName?: string;
  proposedByType?: ResearcherType;
}

export interface Proposal {
  id: string;
  kind: 'add' | 'edit';
  nodeId: string;
  text: NodeText;
  reason: string;
  proposedBy: string;
  proposedByName: string;
  proposedByType: ResearcherType;
  at: string;
  state: 'open' | 'accepted' | 'declined';
  decidedBy?: string;
  decidedAt?: string;
  decision?: string;
}

/** Codebook is a project's tree (nodes depth first, in order) and its proposals (newest first). */
export interface Codebook {
  version: number;
  nodes: CodebookNode[];
  proposals: Proposal[];
}

export interface CodebookTemplate {
  id: string;
  name: string;
  description: string;
}

/** CodebookVersion is one accepted change; nodes (the whole tree) only when one version is read. */
export interface CodebookVersion {
  version: number;
  at: string;
  actorId: string;
  actorName: string;
  summary: string;
  before: CodebookNode[] | null;
  after: CodebookNode[] | null;
  nodes?: CodebookNode[];
}

export interface ImportItem {
  action: 'add' | 'change' | 'same';
  node: CodebookNode;
  targetId?: string;
  changed: string[];
}

export interface ImportRefusal {
  row: number;
  where: string;
  reason: string;
}

/** ImportPreview says what importing a codebook file would do; nothing is changed yet. */
export interface ImportPreview {
  format: 'qdc' | 'qdpx' | 'xlsx';
  asProposals: boolean;
  items: ImportItem[];
  notes: string[];
  refused: ImportRefusal[];
  counts: { add: number; change: number; same: number };
}

export type CodingStatus = 'in_progress' | 'submitted';

/** Excerpt is a span [start, end) in code points with themes and an optional memo. */
export interface Excerpt {
  id: string;
  start: number;
  end: number;
  themes: string[];
  memo: string;
  createdAt?: string;
  updatedAt?: string;
}

/** CodingSet is one coder's excerpts on one transcript; excerpts is null when hidden (blind coding). */
export interface CodingSet {
  coderId: string;
  coderName: string;
  researcherType: ResearcherType;
  status: CodingStatus;
  submittedAt?: string;
  /** updatedAt, version and textVersion are absent from another coder's hidden set. */
  updatedAt?: string;
  version?: number;
  /** textVersion is the transcript text version the excerpts' positions refer to. */
  textVersion?: number;
  hidden: boolean;
  excerptCount?: number;
  excerpts: Excerpt[] | null;
}

export interface Codings {
  openCoding: boolean;
  revealed: boolean;
  seesAll: boolean;
  sets: CodingSet[];
}

/** ExcerptWritten is the answer to an excerpt write: the set's new version and the excerpt. */
export interface ExcerptWritten {
  version: number;
  excerpt?: Excerpt;
}

export interface ProgressCell {
  coderId: string;
  status: CodingStatus;
  submittedAt?: string;
  excerptCount?: number;
}

export interface ProgressRow {
  id: string;
  title: string;
  assignedCoders: string[];
  revealed: boolean;
  mine: boolean;
  sets: ProgressCell[];
}

export interface Progress {
  openCoding: boolean;
  members: Member[];
  transcripts: ProgressRow[];
}

/** RetrievedExcerpt is an excerpt of a theme with where it comes from and its text. */
export interface RetrievedExcerpt extends Excerpt {
  transcriptId: string;
  transcriptTitle: string;
  coderId: string;
  coderName: string;
  researcherType: ResearcherType | '';
  /** speaker is who spoke where the excerpt starts. */
  speaker: string;
  text: string;
  /** passage is the excerpt with the words around it, turn by turn. */
  passage: PassageTurn[];
}

/** PassageTurn is one turn's part of the passage around an excerpt: the
 * words before the excerpt, the excerpt, the words after it, and who spoke
 * ("" outside every turn). cutStart and cutEnd: the passage starts or ends
 * inside the turn's words. */
export interface PassageTurn {
  speaker: string;
  before: string;
  text: string;
  after: string;
  cutStart: boolean;
  cutEnd: boolean;
}

export interface Retrieval {
  node: CodebookNode;
  total: number;
  offset: number;
  excerpts: RetrievedExcerpt[];
}

export interface ThemeUsage {
  excerpts: number;
  transcripts: number;
  coders: number;
  byTranscript: Record<string, number>;
}

export interface ThemeCounts {
  themes: Record<string, ThemeUsage>;
  cooccurrences: { a: string; b: string; count: number }[];
}

/** Download is a file the API sent, with the name it suggested. */
export interface Download {
  blob: Blob;
  fileName: string;
}

// Agreement.

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
  /** scottPiMean and brennanPrediger are shown in a theme's detail. */
  scottPiMean: Figure;
  brennanPrediger: Figure;
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
