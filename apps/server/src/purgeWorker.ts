/**
 * Worker thread: the document work of a purge (see WorkerContentPurger), off the server's event
 * loop, one job at a time. Each message names a job; the answer is `{ result }` or `{ error: true }`.
 */
import { parentPort } from 'node:worker_threads';
import { runPurgeJob, type PurgeJob } from './purgeJobs.ts';

parentPort?.on('message', (job: PurgeJob) => {
  try {
    parentPort?.postMessage({ result: runPurgeJob(job) });
  } catch {
    parentPort?.postMessage({ error: true });
  }
});
