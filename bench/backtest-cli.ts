// Where the time of `workstation backtest --data FILE.csv` goes, over a 1M-bar single-symbol minute series: parse
// (read + CSV to columns), engine (sma-cross through the event-driven engine, metrics, trade list), output (the
// JSON without and with the per-bar equity, and the HTML report), then the whole built CLI as a child process.
// Each figure has the load average beside it: the machine's cores are shared, so wall time is read against it,
// and CPU time (this process, all threads) is printed too.
// The whole-process CPU time (the children's user + system, Linux) is a figure that a busy machine disturbs less
// than wall time.
// Run: node scripts/build.mjs main && node scripts/build.mjs bench && node dist/bench/backtest-cli.mjs
// Env: BARS (default 1000000), BENCH_CSV (use this file instead of generating one), RUNS (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../src-main/backtest/backtest.js';
import { loadData } from '../src-main/backtest/load-data.js';
import { renderReport } from '../src-main/backtest/report-html.js';
import { resultJson } from '../src-main/cli/backtest-command.js';
import { writeJson } from '../src-main/cli/backtest/output.js';
import { smaCross } from '../src-main/strategies/sma-cross.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bars = Number(process.env.BARS ?? 1_000_000);
const runs = Number(process.env.RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'bench-backtest-cli-'));

/** A seeded random walk of minute bars, `datetime,open,high,low,close,volume`, zoneless times (read as UTC). */
function writeSeries(file: string): void {
  let seed = 42;
  const random = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const lines = ['datetime,open,high,low,close,volume'];
  let price = 100;
  let t = Date.UTC(2000, 0, 3);
  for (let i = 0; i < bars; i++) {
    const o = price;
    const c = Math.max(1, o * (1 + (random() - 0.5) * 0.004));
    const h = Math.max(o, c) * (1 + random() * 0.001);
    const l = Math.min(o, c) * (1 - random() * 0.001);
    lines.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${o.toFixed(4)},${h.toFixed(4)},${l.toFixed(4)},${c.toFixed(4)},${Math.floor(random() * 10_000)}`);
    t += 60_000;
    price = c;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const best = (xs: number[]): number => xs.reduce((a, b) => Math.min(a, b), Infinity);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time of this process's waited-for children (Linux: /proc/self/stat cutime + cstime); NaN elsewhere. */
function childrenCpuMs(): number {
  if (!existsSync('/proc/self/stat')) return Number.NaN;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  // Linux reports clock ticks of 1/100 s (USER_HZ) to user space.
  return ticks * 10;
}

interface Timed<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
}
function timed<T>(work: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function line(label: string, samples: Array<Timed<unknown>>, extra = ''): void {
  const wall = samples.map((s) => s.wallMs);
  const cpu = samples.map((s) => s.cpuMs);
  process.stdout.write(`  ${label.padEnd(30)} best ${best(wall).toFixed(0).padStart(5)} ms wall (median ${median(wall).toFixed(0)}), best ${best(cpu).toFixed(0).padStart(5)} ms CPU${extra}  [load ${load()}]\n`);
}

try {
  const file = process.env.BENCH_CSV ?? join(work, 'ser-1min.csv');
  if (!process.env.BENCH_CSV) writeSeries(file);
  process.stdout.write(`bench/backtest-cli: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB), sma-cross fast=10 slow=30 size=100, ${runs} runs each\n`);
  const parse: Array<Timed<ReturnType<typeof loadData>>> = [];
  const engine: Array<Timed<ReturnType<typeof runBacktest>>> = [];
  const json: Array<Timed<void>> = [];
  const jsonEquity: Array<Timed<void>> = [];
  const report: Array<Timed<string>> = [];
  const total: Array<Timed<void>> = [];
  const params = { fast: 10, slow: 30, size: 100 };
  for (let i = 0; i < runs; i++) {
    total.push(
      timed(() => {
        const p = timed(() => loadData({ files: [file] }));
        parse.push(p);
        const e = timed(() => runBacktest(smaCross, params, p.value.data));
        engine.push(e);
        json.push(timed(() => writeJson(join(work, 'out.json'), resultJson(e.value))));
      }),
    );
    const result = engine[engine.length - 1]!.value;
    jsonEquity.push(timed(() => writeJson(join(work, 'out-equity.json'), resultJson(result), result.equity)));
    report.push(timed(() => renderReport(result)));
  }
  const result = engine[0]!.value;
  process.stdout.write(`in process (${result.bars} bars, ${result.closedTrades} closed trades, final value ${result.finalValue.toFixed(2)}):\n`);
  line('parse (read + CSV to columns)', parse);
  line('engine (run + metrics)', engine);
  line('output --json', json, ` (${(statSync(join(work, 'out.json')).size / 1e6).toFixed(1)} MB)`);
  line('total (parse+engine+--json)', total);
  line('output --json --equity', jsonEquity, ` (${(statSync(join(work, 'out-equity.json')).size / 1e6).toFixed(1)} MB)`);
  line('render --report', report);

  // The whole process as a trader runs it: node start, module load, parse, engine, JSON, exit. The start alone
  // (node, then the modules `backtest --help` loads) is timed too, and bare node beside it.
  const cli = join(root, 'dist', 'main', 'cli.mjs');
  const args = ['backtest', '--strategy', 'sma-cross', '--data', file, '--json', join(work, 'cli.json'), '--quiet'];
  const child = (label: string, argv: string[]): void => {
    const samples: Array<{ wallMs: number; cpuMs: number }> = [];
    for (let i = 0; i < runs; i++) {
      const cpu = childrenCpuMs();
      const started = performance.now();
      const run = spawnSync(process.execPath, argv, { encoding: 'utf8' });
      const wallMs = performance.now() - started;
      if (run.status !== 0) throw new Error(`${label} exited ${run.status}: ${run.stderr}`);
      samples.push({ wallMs, cpuMs: childrenCpuMs() - cpu });
    }
    const wall = samples.map((s) => s.wallMs);
    const cpu = samples.map((s) => s.cpuMs);
    const cpuText = Number.isFinite(best(cpu)) ? `, best ${best(cpu).toFixed(0).padStart(5)} ms CPU` : '';
    process.stdout.write(`  ${label.padEnd(30)} best ${best(wall).toFixed(0).padStart(5)} ms wall (median ${median(wall).toFixed(0)}; ${wall.map((w) => w.toFixed(0)).join(', ')})${cpuText}  [load ${load()}]\n`);
  };
  process.stdout.write(`whole process: node dist/main/cli.mjs ${args.join(' ')}\n`);
  child('node alone (node -e 0)', ['-e', '0']);
  child('start-up (backtest --help)', [cli, 'backtest', '--help']);
  child('whole process', [cli, ...args]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
