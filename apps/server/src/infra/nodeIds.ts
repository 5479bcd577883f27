import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '@rounds/domain';

export const nodeIds: IdGenerator = {
  id: () => randomUUID(),
  secret: () => randomBytes(32).toString('base64url'),
  hashSecret: (secret) => createHash('sha256').update(secret).digest('base64url'),
};

export const systemClock: Clock = { now: () => Date.now() };
