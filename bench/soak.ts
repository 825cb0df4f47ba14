/**
 * The long soak of issue 12: the same seeded random steps and invariants as tests/integration/soak (submits,
 * cancels, replaces, TWAPs, kill switch trips and resets, demo mode switches, slow readers, kill -9 restarts of the
 * built host against a standalone local exchange), for as long as asked. Prints each step, each violation with
 * its seed and step, and the figures at the end; exits 1 on any violation.
 * Run: node scripts/build.mjs main && node scripts/build.mjs bench && node dist/bench/soak.mjs [seconds=600] [seed=random]
 */
import { loadavg } from 'node:os';
import { describeViolation, runSoak } from '../tests/support/soak/soak-runner.js';

const seconds = Number(process.argv[2] ?? 600);
const seed = process.argv[3] === undefined ? Math.floor(Math.random() * 1_000_000) : Number(process.argv[3]);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = (): string => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function main(): Promise<number> {
  process.stdout.write(`soak: seed ${seed}, ${seconds} s  [${load()}]\n`);
  const report = await runSoak({ seed, durationMs: seconds * 1000, log: (line) => process.stdout.write(`${line}\n`) });
  const f = report.figures;
  const kill = [...f.killAnswerMs].sort((a, b) => a - b);
  const at = (p: number): number => kill[Math.min(kill.length - 1, Math.floor((p / 100) * kill.length))] ?? Number.NaN;
  process.stdout.write(
    `\nsoak seed ${seed}: ${report.steps.length} steps, ${f.submits} submits, ${f.ordersAtExchange} order requests at the exchange, ` +
      `${f.killAnswerMs.length} trips (answer p50 ${at(50)} ms, p99 ${at(99)} ms), ${f.restarts} kill -9 restarts, ${f.modeSwitches} mode switches\n` +
      `host RSS: first ${mb(f.baselineRssBytes)}, max ${mb(f.maxRssBytes)}; slow readers: ${f.slowReader.map((r) => `${mb(r.beforeBytes)}->${mb(r.peakBytes)}->${mb(r.afterBytes)}`).join(', ') || 'none'}\n` +
      `host loop p99 (10 s windows) max ${f.maxLoopP99Ms.toFixed(1)} ms  [${load()}]\n`,
  );
  if (report.violations.length === 0) {
    process.stdout.write('no invariant broken\n');
    return 0;
  }
  process.stdout.write(`\n${report.violations.length} violation(s):\n${report.violations.map(describeViolation).join('\n')}\n`);
  return 1;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak seed ${seed}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
