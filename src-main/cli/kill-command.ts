import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { killFiles, type KillResult } from '../kernel/risk/kill-control.js';
import { resolveDataDir } from '../services/data-dir.js';

export const KILL_HELP = `workstation kill [--flatten] [--data-dir DIR] [--timeout SECONDS]

Trips the kill switch of the workstation running on this data dir: trading halts, every open order is cancelled
and, with --flatten, every position is closed at market. It goes straight to main (a control folder in the data
dir), so it works even when the GUI hangs. Exit code 0 when the running app confirmed it, 1 otherwise.
`;

/** `workstation kill`: drops a request in the running app's control folder and waits for its answer. */
export async function runKillCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { flatten: { type: 'boolean' }, 'data-dir': { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(KILL_HELP);
    return 0;
  }
  const timeoutS = Number(values.timeout ?? '15');
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CodedError('BAD_REQUEST', '--timeout must be a positive number of seconds');
  const controlDir = join(resolveDataDir(values['data-dir']), 'control');
  mkdirSync(controlDir, { recursive: true, mode: 0o700 });
  const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const files = killFiles(controlDir, id);
  // Written beside, then renamed: the app never reads half a request.
  const tmp = join(controlDir, `pending-${id}.tmp`);
  writeFileSync(tmp, JSON.stringify({ flatten: values.flatten === true, reason: 'command line' }));
  renameSync(tmp, files.request);
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    if (existsSync(files.result)) {
      const result = JSON.parse(readFileSync(files.result, 'utf8')) as KillResult;
      rmSync(files.result, { force: true });
      // The switch answers at once; the broker cancels (and closing, with --flatten) run on in the app until confirmed.
      process.stdout.write(
        `kill switch tripped: trading HALTED; ${result.stoppedLocally.length} order(s) stopped before leaving; ${result.atBroker.length} at the broker ` +
          `${result.brokerWork === 'done' ? (result.canceled ? 'cancelled' : 'NOT cancelled') : 'being cancelled (retried until the broker confirms)'}` +
          `${values.flatten ? `; positions ${result.brokerWork === 'done' ? (result.flattened ? 'closing at market' : 'NOT closed') : 'closing after the cancels'}` : '; protective exits kept'}\n`,
      );
      for (const error of result.errors) process.stderr.write(`  error: ${error}\n`);
      return result.errors.length === 0 ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(files.request, { force: true });
  process.stderr.write(`no running workstation answered within ${timeoutS} s (data dir control folder: ${controlDir})\n`);
  return 1;
}
