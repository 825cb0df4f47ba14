import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const OUTPUT: Record<string, string> = {
  main: 'dist/main/cli.mjs',
  'exchange-worker': 'dist/main/exchange-worker.mjs',
  'ml-workers': 'dist/main/ml-inference-worker.mjs',
  renderer: 'dist/renderer/index.html',
  electron: 'dist/electron/main.cjs',
  bench: 'dist/bench/ipc.mjs',
};

/** Builds one part if its output is missing (the test command builds everything first; this serves single runs). */
export function ensureBuilt(part: keyof typeof OUTPUT): void {
  if (existsSync(join(root, OUTPUT[part]!))) return;
  execFileSync(process.execPath, ['scripts/build.mjs', part], { cwd: root, stdio: 'inherit' });
}
