export { DomainError, notFound, forbidden, unauthenticated } from './errors.ts';
export type { DomainErrorCode } from './errors.ts';
export type {
  User,
  Session,
  PasswordResetToken,
  Page,
  StoredUpdate,
  NewUpdate,
  StoredDocument,
  Revision,
  RevisionState,
  Review,
  ReviewDecision,
  BlockFingerprint,
  Collection,
  AuditEntry,
  CommentThread,
  ThreadComment,
  CslItem,
  EvidenceLevel,
  Reference,
  RevisionReference,
  CitingRevision,
} from './model.ts';
export { EVIDENCE_LEVELS } from './model.ts';
export type * from './ports.ts';
export { policy } from './policy.ts';
export { AuthService } from './AuthService.ts';
export type { AuthenticatedSession, SessionPolicy, SignedIn } from './AuthService.ts';
export { AccountService, RESET_LINK_TTL_MS } from './AccountService.ts';
export type { IssuedResetLink } from './AccountService.ts';
export { SessionEndings, endsSession } from './sessionEvents.ts';
export type {
  EndedSessions,
  SessionEndReason,
  SessionsEnded,
  SessionsEndedListener,
} from './sessionEvents.ts';
export { UserService, toUserView } from './UserService.ts';
export type { NewUserInput } from './UserService.ts';
export { PageService } from './PageService.ts';
export { PageLifecycleService } from './PageLifecycleService.ts';
export { PageEvents } from './pageEvents.ts';
export type { PageEvent, PageEventListener } from './pageEvents.ts';
export type { ContentVersion, PageContent } from './PageService.ts';
export { RevisionService } from './RevisionService.ts';
export { imagesCheck, knownCitationsCheck, runSubmissionChecks } from './submissionChecks.ts';
export { ImageService } from './ImageService.ts';
export type { ImageUploadInput, ImageUploadLimits } from './ImageService.ts';
export { imageIdsOf, imageUses } from './documentImages.ts';
export type { ImageUse } from './documentImages.ts';
export {
  MAX_FINDINGS_SHOWN,
  MIN_JUSTIFICATION,
  TITLE_BLOCK_ID,
  phiSubmissionCheck,
  referenceAuthorNames,
} from './phiCheck.ts';
export type { PhiFindingView, PhiScanner } from './phiCheck.ts';
export type {
  SubmissionCheck,
  SubmissionCheckResult,
  SubmissionContext,
  SubmitRequest,
} from './submissionChecks.ts';
export { ReviewService, DEFAULT_POLICY } from './ReviewService.ts';
export type { QueueItem, ReviewInput, ReviewOutcome } from './ReviewService.ts';
export { auditEntry, recordAudit } from './audit.ts';
export {
  AUDIT_GENESIS,
  AUDIT_HASH_VERSION,
  auditHash,
  canonicalJson,
  chainAnchor,
  chainAuditEntry,
  verifyAuditChain,
} from './auditChain.ts';
export type {
  AuditHashVersion,
  AuditHead,
  AuditVerification,
  UnhashedAuditEntry,
  VerifyOptions,
} from './auditChain.ts';
export { diffBlocks, countUnreviewedBlocks } from './diffBlocks.ts';
export type { BlockChange } from './diffBlocks.ts';
export { slugify } from './slugify.ts';
export { CommentService, COMMENT_BODY_MAX, QUOTE_MAX } from './CommentService.ts';
export { NotificationService } from './NotificationService.ts';
export type { Notification } from './NotificationService.ts';
export { ReferenceService, normalizeDoi } from './ReferenceService.ts';
export type { ReferenceWithUse, ShownReference } from './ReferenceService.ts';
export { SlidingWindowLimit } from './rateLimit.ts';
export type { RateLimitRule } from './rateLimit.ts';
export { revisionDigest, DIGEST_MAX_CHANGES, DIGEST_MAX_CLAIMS, DIGEST_MAX_TEXT } from './revisionDigest.ts';
export type { RevisionDigest } from './revisionDigest.ts';
export { GuidelinesService } from './GuidelinesService.ts';
export type { CurrentGuidelines, MarkdownRenderer } from './GuidelinesService.ts';
export { GuidelineEvents } from './guidelineEvents.ts';
export type { GuidelinesChanged, GuidelinesListener } from './guidelineEvents.ts';
export { DEFAULT_GUIDELINES_MARKDOWN } from './defaultGuidelines.ts';
export { ReportService } from './ReportService.ts';
export type { NewReportInput } from './ReportService.ts';
export { PurgeService, validatePurge } from './PurgeService.ts';
export type { PurgeInput, PurgeResult } from './PurgeService.ts';
export type * from './purgePorts.ts';
