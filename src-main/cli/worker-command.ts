import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { cancelRun } from '../distributed/producer.js';
import { parseQueueUrl } from '../distributed/redis/url.js';
import { queueStatus, type QueueStatus } from '../distributed/status.js';
import { startResearchWorker } from '../distributed/worker.js';

export const WORKER_HELP = `Research workers on a Redis queue (BullMQ)

Usage:
  workstation worker --queue redis://HOST:PORT/DB [--concurrency N] [--stalled-ms 30000] [--quiet]
  workstation queue status --queue URL [--json]
  workstation queue cancel RUN_ID --queue URL

A worker runs sweep chunks, walk-forward windows and backtests that optimize / walk-forward --queue URL send, and
the trials of ml search --queue URL and the cross-validation folds of ml train --queue URL, with the same code as a
local run. Ctrl-C stops taking jobs and finishes the running ones (a second Ctrl-C abandons
them; they are retried elsewhere). A worker killed outright loses nothing: after --stalled-ms without its lock
being renewed, its jobs go back to the queue.
URL: redis://[user:password@]HOST:PORT/DB[?queue=NAME], rediss:// for TLS. Prefer the password in
WORKSTATION_REDIS_PASSWORD (not in shell history); WORKSTATION_REDIS_CA names a PEM file for a private CA.
`;

/** The sweep worker bundle, beside the CLI bundle (dist/main/backtest-worker.mjs). */
function sweepWorkerScript(): string {
  return fileURLToPath(new URL('./backtest-worker.mjs', import.meta.url));
}

function bad(message: string): CodedError {
  return new CodedError('BAD_REQUEST', message);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { queue: { type: 'string' }, concurrency: { type: 'string' }, 'stalled-ms': { type: 'string' }, quiet: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw bad(`${error instanceof Error ? error.message : String(error)} (see worker --help)`);
  }
}

function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw bad(`${flag} must be a whole number of ${min} or more, got "${value}"`);
  return n;
}

/** `workstation worker`: runs until Ctrl-C / SIGTERM. */
export async function runWorkerCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(WORKER_HELP);
    return 0;
  }
  if (!values.queue) throw bad('--queue redis://HOST:PORT/DB is required (see worker --help)');
  const address = parseQueueUrl(values.queue);
  const concurrency = wholeNumber(values.concurrency, '--concurrency', 1, 1);
  const stalledMs = wholeNumber(values['stalled-ms'], '--stalled-ms', 30_000, 1_000);
  const log = values.quiet ? undefined : (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  // The ML search's trial jobs and ml train's fold jobs (registered by the ML modules; loaded only in a worker).
  await Promise.all([import('../ml/queued-search.js'), import('../ml/queued-train.js')]);
  const worker = await startResearchWorker({ address, concurrency, stalledMs, sweepWorkerScript: sweepWorkerScript(), ...(log ? { log } : {}) });
  process.stdout.write(`worker ${worker.id} on ${address.display} (queue "${address.queue}"), ${concurrency} job(s) at a time; Ctrl-C to stop\n`);
  let stops = 0;
  const stop = (): void => {
    stops++;
    if (stops === 1) process.stdout.write('stopping: finishing the running jobs (Ctrl-C again abandons them to other workers)\n');
    void worker.close(stops > 1).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

function statusText(s: QueueStatus): string {
  const lines = [`queue "${s.queue}" at ${s.url}: ${s.counts.waiting} waiting, ${s.counts.active} active, ${s.counts.delayed} delayed, ${s.counts.failed} failed`];
  lines.push(`${s.workers.length} worker(s) connected${s.workers.length ? ':' : ''}`);
  for (const w of s.workers) lines.push(`  ${w.id}  ${w.active}/${w.concurrency} busy, ${w.done} done, ${w.failed} failed`);
  for (const r of s.runs) lines.push(`run ${r.runId} (${r.kind}, from ${r.host}): ${r.done}/${r.total} jobs done${r.cancelled ? ', cancelled' : ''}`);
  return `${lines.join('\n')}\n`;
}

/** `workstation queue status|cancel`. */
export async function runQueueCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help || positionals.length === 0) {
    process.stdout.write(WORKER_HELP);
    return values.help ? 0 : 2;
  }
  if (!values.queue) throw bad('--queue redis://HOST:PORT/DB is required (see queue --help)');
  const address = parseQueueUrl(values.queue);
  const [action, runId] = positionals;
  if (action === 'status') {
    const s = await queueStatus(address);
    process.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : statusText(s));
    return 0;
  }
  if (action === 'cancel') {
    if (!runId) throw bad('queue cancel needs the run id (printed by the producer; see queue status)');
    const { removed } = await cancelRun(address, runId);
    process.stdout.write(`run ${runId} cancelled: ${removed} queued job(s) removed; running ones stop within a second\n`);
    return 0;
  }
  throw bad(`unknown queue action "${action}" (status or cancel)`);
}
