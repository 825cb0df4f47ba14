import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const OUTPUT: Record<string, string> = {
  main: 'dist/main/cli.mjs',
  'exchange-worker': 'dist/main/exchange-worker.mjs',
  'backtest-worker': 'dist/main/backtest-job-worker.mjs',
  'history-read-worker': 'dist/main/history-read-worker.mjs',
  'ml-workers': 'dist/main/ml-inference-worker.mjs',
  'scan-worker': 'dist/main/scan-worker.mjs',
  'rebalance-worker': 'dist/main/rebalance-worker.mjs',
  renderer: 'dist/renderer/index.html',
  electron: 'dist/electron/main.cjs',
  bench: 'dist/bench/ipc.mjs',
};

/**
 * Builds one part if its output is missing (the test command builds everything first; this serves single runs).
 * Tests never rebuild what exists: a rebuild replaces files (the renderer's assets, the CLI's chunks) under other
 * test files running at the same time, and a page reloaded then, or a CLI started then, finds them missing.
 */
export function ensureBuilt(part: keyof typeof OUTPUT): void {
  if (existsSync(join(root, OUTPUT[part]!))) return;
  execFileSync(process.execPath, ['scripts/build.mjs', part], { cwd: root, stdio: 'inherit' });
}
