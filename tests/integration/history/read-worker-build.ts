import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * Bundles the real read worker (src-main/history/read-worker.ts) the way scripts/build.mjs bundles main's
 * workers, into dist/test/, so the test runs the same code a built app runs. Packages stay external and resolve
 * from the repository's node_modules.
 */
export async function buildReadWorker(): Promise<string> {
  const outfile = join(root, 'dist', 'test', 'history-read-worker.mjs');
  await build({
    entryPoints: [join(root, 'src-main/history/read-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}
