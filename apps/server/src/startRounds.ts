import type { Config } from './config.ts';
import type { Rounds } from './createRounds.ts';
import type { Logger } from './logger.ts';

/**
 * What has to happen after listening and before `/api/health` says ready: the admin from
 * `ROUNDS_ADMIN_EMAIL` exists, or the first-admin setup link was printed. (Migrations already ran
 * when storage opened.) Until then health answers 503, so a script that waits for health and then
 * signs in never races the bootstrap.
 */
export async function bootstrapRounds(
  rounds: Rounds,
  config: Config,
  logger: Logger,
  url: string,
  print: (line: string) => void,
): Promise<void> {
  if (config.admin) {
    const result = await rounds.users.bootstrapAdmin(config.admin.email, config.admin.password);
    if (result === 'created') logger.info('admin created from ROUNDS_ADMIN_EMAIL');
  } else {
    const token = await rounds.users.issueSetupToken();
    if (token) {
      const base = config.publicUrl ?? url;
      print(`\nNo users yet. Create the first admin here (one-time link):\n  ${base}/setup?token=${token}\n`);
    }
  }
  // The audit log's head, into the log stream (usually kept apart from the database): a later
  // verification that ends short of a head recorded here shows a cut tail (docs/security.md).
  const auditHead = await rounds.storage.audit.head();
  rounds.markReady();
  logger.info(
    { auditHeadSeq: auditHead?.seq ?? 0, auditHeadHash: auditHead?.hash ?? null },
    'Rounds is ready',
  );
}
