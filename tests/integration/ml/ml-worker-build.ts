import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

const ENTRIES = {
  'ml-train-worker': 'src-main/ml/train-worker.ts',
  'ml-inference-worker': 'src-main/ml/inference/inference-worker.ts',
  'ml-hist-worker': 'src-main/ml/trees/hist-worker.ts',
} as const;

/** Bundles an ML worker (train, inference or GBDT histogram helper) into dist/test/ as scripts/build.mjs does; packages stay external. */
export async function buildMlWorker(name: keyof typeof ENTRIES): Promise<string> {
  const entry = ENTRIES[name];
  const outfile = join(root, 'dist', 'test', `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}
