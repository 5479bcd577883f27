/**
 * Worker thread: materializes encoded Yjs states (see DraftMaterializer), off the server's event
 * loop, one at a time. Receives `{ state }` (transferred), answers `{ draft }` or `{ error: true }`.
 */
import { parentPort } from 'node:worker_threads';
import { materializeState } from '@rounds/editor/server';

parentPort?.on('message', (message: { state: Uint8Array }) => {
  try {
    parentPort?.postMessage({ draft: materializeState(message.state) });
  } catch {
    parentPort?.postMessage({ error: true });
  }
});
