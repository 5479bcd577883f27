import { parentPort } from 'node:worker_threads';

// A worker for WorkerPool.test.ts: echoes, spins forever, throws, or exits, as asked.
const port = parentPort;
if (port) {
  port.on(
    'message',
    ({ id, job }: { id: number; job: { do: 'echo' | 'spin' | 'throw' | 'exit'; value?: unknown } }) => {
      if (job.do === 'spin') for (;;);
      if (job.do === 'exit') process.exit(3);
      if (job.do === 'throw') port.postMessage({ id, ok: false, message: 'asked to fail' });
      else port.postMessage({ id, ok: true, result: { value: job.value } });
    },
  );
  port.postMessage({ ready: true });
}
