import type {
  AccountService,
  AuthService,
  Clock,
  CommentService,
  ImageService,
  GuidelinesService,
  ReportService,
  ReferenceFormatter,
  ReferenceResolver,
  ReferenceService,
  NotificationService,
  PageLifecycleService,
  PageService,
  PurgeService,
  ReviewService,
  RevisionService,
  Storage,
  UserService,
} from '@rounds/domain';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { LoginThrottle } from './loginThrottle.ts';

/** What HTTP routes are given: services, typed config and read access to storage; never the environment. */
export interface HttpContext {
  auth: AuthService;
  users: UserService;
  accounts: AccountService;
  pages: PageService;
  lifecycle: PageLifecycleService;
  revisions: RevisionService;
  reviews: ReviewService;
  references: ReferenceService;
  formatter: ReferenceFormatter;
  resolver: ReferenceResolver;
  comments: CommentService;
  images: ImageService;
  notifications: NotificationService;
  guidelines: GuidelinesService;
  reports: ReportService;
  purge: PurgeService;
  /** Read models that are plain queries (review queue, collections, audit) use storage directly. */
  storage: Storage;
  clock: Clock;
  throttle: LoginThrottle;
  /** Whether start-up finished (migrations ran, the first admin exists or its setup link was printed). */
  ready: () => boolean;
  config: Config;
  logger: Logger;
}
