import type {
  AuthService,
  Clock,
  PageService,
  ReviewService,
  RevisionService,
  Storage,
  UserService,
} from '@rounds/domain';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { LoginThrottle } from './loginThrottle.ts';

/** What HTTP routes are given: services and typed config, never the environment or storage. */
export interface HttpContext {
  auth: AuthService;
  users: UserService;
  pages: PageService;
  revisions: RevisionService;
  reviews: ReviewService;
  /** Read models that are plain queries (review queue, collections, audit) use storage directly. */
  storage: Storage;
  clock: Clock;
  throttle: LoginThrottle;
  config: Config;
  logger: Logger;
}
