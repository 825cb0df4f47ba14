import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Bundles an ML worker (train or inference) into dist/test/ as scripts/build.mjs does; packages stay external. */
export async function buildMlWorker(name: 'ml-train-worker' | 'ml-inference-worker'): Promise<string> {
  const entry = name === 'ml-train-worker' ? 'src-main/ml/train-worker.ts' : 'src-main/ml/inference/inference-worker.ts';
  const outfile = join(root, 'dist', 'test', `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}
