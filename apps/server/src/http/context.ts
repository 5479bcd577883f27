import type {
  AccountService,
  AuthService,
  Clock,
  CommentService,
  ReferenceFormatter,
  ReferenceResolver,
  ReferenceService,
  NotificationService,
  PageService,
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
  revisions: RevisionService;
  reviews: ReviewService;
  references: ReferenceService;
  formatter: ReferenceFormatter;
  resolver: ReferenceResolver;
  comments: CommentService;
  notifications: NotificationService;
  /** Read models that are plain queries (review queue, collections, audit) use storage directly. */
  storage: Storage;
  clock: Clock;
  throttle: LoginThrottle;
  config: Config;
  logger: Logger;
}
