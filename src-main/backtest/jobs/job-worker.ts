import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { CsvFormatError } from '../../history/csv/yahoo.js';
import type { JobMessage, JobWorkerData } from './protocol.js';
import { runImportJob } from './import-job.js';
import { runMonteCarloJob } from './monte-carlo-job.js';
import { runJob } from './run-job.js';

/**
 * The Backtest tab's job worker: one job per thread, so main's event loop never runs a backtest. Progress and the
 * result go back as messages; cancel arrives both as a shared flag (polled by the engine inside a synchronous run)
 * and as a message (which aborts a sweep's workers).
 */
const { job, cancel } = workerData as JobWorkerData;
const flag = new Int32Array(cancel);
const controller = new AbortController();
const post = (message: JobMessage): void => parentPort!.postMessage(message);

parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') {
    Atomics.store(flag, 0, 1);
    controller.abort();
  }
});

const control = { cancelled: () => Atomics.load(flag, 0) !== 0, signal: controller.signal };
const work = async (): Promise<Extract<JobMessage, { type: 'result' }>> => {
  switch (job.kind) {
    case 'import-csv':
      return { type: 'result', kind: 'import-csv', value: runImportJob(job, post) };
    case 'monte-carlo':
      return { type: 'result', kind: 'monte-carlo', value: runMonteCarloJob(job, post) };
    case 'run':
      return { type: 'result', kind: 'run', value: (await runJob(job, control, post)) as Extract<JobMessage, { kind: 'run' }>['value'] };
    case 'optimize':
      return { type: 'result', kind: 'optimize', value: (await runJob(job, control, post)) as Extract<JobMessage, { kind: 'optimize' }>['value'] };
  }
};

work()
  .then(post)
  .catch((error: unknown) => {
    // A malformed data file is the trader's to fix: its message names the file, line and reason.
    const code = error instanceof CodedError ? error.code : error instanceof CsvFormatError ? 'BAD_REQUEST' : 'INTERNAL';
    post({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  })
  .finally(() => parentPort!.close());
