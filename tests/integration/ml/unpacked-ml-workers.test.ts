import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureColumns, featureSet } from '../../../src-main/ml/features/feature-sets.js';
import { InferenceClient } from '../../../src-main/ml/inference/inference-client.js';
import { readTrees } from '../../../src-main/ml/registry/model-store.js';
import { TRAIN_DEFAULTS } from '../../../src-main/ml/eval/train-model.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { trainInWorker } from '../../../src-main/ml/train-client.js';
import { predictOne } from '../../../src-main/ml/trees/tree-model.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * The ML workers as an installed app holds them: only what electron-builder.yml's asarUnpack matches (the worker
 * bundles, onnxruntime-node's JS and native files, onnxruntime-common, the shipped models), copied far from this
 * checkout's node_modules. The inference worker must load onnxruntime-node and the shipped model from there.
 */
const root = join(__dirname, '..', '..', '..');
const { minimatch } = createRequire(join(root, 'package.json'))('minimatch') as { minimatch: (path: string, glob: string, options: object) => boolean };

function asarUnpackGlobs(): string[] {
  const lines = readFileSync(join(root, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('asarUnpack:'));
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line)) continue;
    const item = /^\s+-\s+"?([^"]+?)"?\s*$/.exec(line);
    if (!item) break;
    globs.push(item[1]!);
  }
  return globs;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

let dir = '';
let unpacked = '';

describe('ML workers run from an unpacked app layout', () => {
  beforeAll(() => {
    ensureBuilt('ml-workers');
    dir = mkdtempSync(join(tmpdir(), 'unpacked-ml-'));
    unpacked = join(dir, 'resources', 'app.asar.unpacked');
    const globs = asarUnpackGlobs();
    // onnxruntime-node's binaries for this platform only (the package holds every platform's: about 290 MB)
    const thisPlatform = join('node_modules', 'onnxruntime-node', 'bin', 'napi-v6', process.platform, process.arch);
    const ort = filesUnder(join('node_modules', 'onnxruntime-node')).filter((p) => !p.includes(join('onnxruntime-node', 'bin')) || p.startsWith(thisPlatform));
    const candidates = [...filesUnder('dist/main'), ...filesUnder('models'), ...ort, ...filesUnder(join('node_modules', 'onnxruntime-common'))];
    for (const path of candidates) {
      if (!globs.some((glob) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') }))) continue;
      mkdirSync(dirname(join(unpacked, path)), { recursive: true });
      copyFileSync(join(root, path), join(unpacked, path));
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the inference worker loads onnxruntime-node and the shipped model, and predicts as the strategy does', async () => {
    const client = new InferenceClient({ workerScript: join(unpacked, 'dist', 'main', 'ml-inference-worker.mjs') });
    try {
      const model = join(unpacked, 'models', 'example', '1');
      await client.load('example', join(model, 'model.onnx'));
      const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'yhoo-2014.txt'), 'utf8'), 'yhoo');
      const defs = featureSet('basic');
      const cols = featureColumns(bars, defs);
      const x = cols.map((c) => c[bars.length - 1]!);
      const { y } = await client.predict('example', x, 1, defs.length);
      expect(Math.abs(y[0]! - predictOne(readTrees(model), x))).toBeLessThan(1e-5);
    } finally {
      await client.close();
    }
  });

  it('the training worker trains from there', async () => {
    const rand = seededRandom(2);
    const rows = 600;
    const x = Float64Array.from({ length: rows * 2 }, () => rand());
    const y = Float64Array.from({ length: rows }, (_, i) => (x[i * 2]! > 0.5 ? 1 : 0));
    const r = await trainInWorker(
      { names: ['a', 'b'], rows, x, y, start: Float64Array.from({ length: rows }, (_, i) => i), end: Float64Array.from({ length: rows }, (_, i) => i + 1), symbols: new Array<string>(rows).fill('S') },
      { ...TRAIN_DEFAULTS, model: 'gbdt', objective: 'logloss', folds: 2, gbdt: { trees: 10 } },
      { workerScript: join(unpacked, 'dist', 'main', 'ml-train-worker.mjs') },
    );
    expect((r.evaluation!.oos as { auc: number }).auc).toBeGreaterThan(0.9);
  });
});
