/**
 * Worker thread: materializes encoded Yjs states (see DraftMaterializer), off the server's event
 * loop. Receives `{ id, state }`, answers `{ id, draft }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { materializeState } from '@rounds/editor/server';

parentPort?.on('message', (message: { id: number; state: Uint8Array }) => {
  try {
    parentPort?.postMessage({ id: message.id, draft: materializeState(message.state) });
  } catch {
    parentPort?.postMessage({ id: message.id, error: true });
  }
});
