// The shapes of what Tandem's JSON API sends and takes. They are generated
// from api/openapi.yaml into schema.d.ts (npm run api-types); this file
// gives them the names the rest of the code uses. Only Download, which the
// client builds itself, and TranscriptDetails, a request body, are written
// here by hand.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type ResearcherType = Schemas['ResearcherType'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type Member = Schemas['Member'];
/** ResetLink is a one-time password reset link, shown once to the admin who made it. */
export type ResetLink = Schemas['ResetLink'];
/** ResetPreview says whose password a reset link changes. */
export type ResetPreview = Schemas['ResetPreview'];
export type ProjectSummary = Schemas['ProjectSummary'];
export type Project = Schemas['Project'];
export type Invitation = Schemas['Invitation'];
/** InvitationCreated is a new invitation with its link, shown only once. */
export type InvitationCreated = Schemas['InvitationCreated'];
export type InvitationStatus = Invitation['status'];
/** Joined is the answer to accepting an invitation: the project, and the session of a new account. */
export type Joined = Schemas['Joined'];
export type SetupState = Schemas['SetupState'];
/** Names is a project's list of names to look for when de-identifying. */
export type Names = Schemas['Names'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];

export type Turn = Schemas['Turn'];
export type TranscriptInfo = Schemas['TranscriptInfo'];
export type Transcript = Schemas['Transcript'];
/** TranscriptDetails is a change to a transcript's details, at the version it was read. */
export type TranscriptDetails = Partial<
  Pick<TranscriptInfo, 'title' | 'participant' | 'interviewDate' | 'interviewer' | 'site' | 'attributes' | 'contentNote' | 'assignedCoders'>
> & { version: number };
export type Candidate = Schemas['Candidate'];
/** Identifiers is what the de-identification page starts from: candidate
 * identifiers in the text, speaker labels that may name someone, and each
 * coder's excerpt spans (to say how much coding a replacement touches). */
export type Identifiers = Schemas['Identifiers'];
/** UploadResult is one file's result: the server's, or one the client makes
 * when the upload did not get through (a lost connection: code "network";
 * a refused request: the error's code). */
export type UploadResults = Schemas['UploadResults'];
export type UploadResult = Omit<Schemas['UploadResult'], 'error'> & { error?: { code: string; message: string } };

/** NodeText is the wording of a codebook entry: everything a person writes. */
export type NodeText = Schemas['NodeWording'];
/** CodebookNode is a domain, category or theme. Only themes are applied to text. */
export type CodebookNode = Schemas['Node'];
export type Level = CodebookNode['level'];
export type NodeStatus = CodebookNode['status'];
export type Proposal = Schemas['Proposal'];
/** Codebook is a project's tree (nodes depth first, in order) and its proposals (newest first). */
export type Codebook = Schemas['Codebook'];
export type CodebookTemplate = Schemas['CodebookTemplate'];
/** CodebookVersion is one accepted change; nodes (the whole tree) only when one version is read. */
export type CodebookVersion = Schemas['CodebookVersion'];
/** ImportPreview says what importing a codebook file would do; nothing is changed yet. */
export type ImportPreview = Schemas['ImportPreview'];
export type ImportItem = ImportPreview['items'][number];
export type ImportRefusal = Schemas['ImportRefusal'];
/** ProjectImport says what a REFI-QDA project file holds and what was skipped or changed; project is set once made. */
export type ProjectImport = Schemas['ProjectImport'];

/** Excerpt is a span [start, end) in code points with themes and an optional memo. */
export type Excerpt = Schemas['Excerpt'];
/** CodingSet is one coder's excerpts on one transcript; excerpts is null when hidden (blind coding). */
export type CodingSet = Schemas['CodingSet'];
export type CodingStatus = CodingSet['status'];
export type Codings = Schemas['Codings'];
/** ExcerptWritten is the answer to an excerpt write: the set's new version and the excerpt. */
export type ExcerptWritten = components['responses']['ExcerptWritten']['content']['application/json'];
export type ProgressCell = Schemas['ProgressCell'];
export type ProgressRow = Schemas['ProgressRow'];
export type Progress = Schemas['Progress'];
/** RetrievedExcerpt is an excerpt of a theme with where it comes from and its text. */
export type RetrievedExcerpt = Schemas['RetrievedExcerpt'];
/** PassageTurn is one turn's part of the passage around an excerpt. */
export type PassageTurn = Schemas['PassageTurn'];
export type Retrieval = Schemas['Retrieval'];
export type ThemeUsage = Schemas['ThemeUsage'];
export type ThemeCounts = Schemas['ThemeCounts'];

/** Download is a file the API sent, with the name it suggested. */
export interface Download {
  blob: Blob;
  fileName: string;
}

// Agreement.

/** Figure is a statistic: a number, or null with the reason it is undefined. */
export type Figure = Schemas['Figure'];
export type ReportCoder = Schemas['ReportCoder'];
/** Row is the statistics of one theme, or of a category or domain taken as "any theme below it". */
export type Row = Schemas['ReportRow'];
export type Reading = Row['reading'];
/** GroupRow compares peer and academic coders on one theme. */
export type GroupRow = Schemas['GroupRow'];
export type TranscriptRow = Schemas['TranscriptRow'];
export type ReportOptions = Schemas['ReportOptions'];
export type UnitKind = ReportOptions['unit'];
export type AgreementReport = Schemas['AgreementReport'];
/** Difference is a unit or a stretch of text where some coders applied a theme and others did not. */
export type Difference = Schemas['Disagreement'];
export type Disagreements = Schemas['Disagreements'];

/** ConsensusReport is each coder against the consensus, theme by theme. */
export type ConsensusReport = Schemas['ConsensusReport'];
export type CoderConsensus = Schemas['CoderConsensus'];
export type ConsensusRow = Schemas['ConsensusRow'];
/** Findings are the results table drawn from the consensus, with picked quotes. */
export type Findings = Schemas['Findings'];
export type FindingRow = Schemas['FindingRow'];
export type Quote = Schemas['Quote'];
export type QuoteCandidate = Schemas['QuoteCandidate'];
export type Exemplar = Schemas['Exemplar'];
