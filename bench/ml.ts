// ML figures: GBDT training (histogram trees) and our random forest on synthetic rows, and ONNX inference of a
// batch on the inference worker. Run: node scripts/build.mjs bench && node scripts/build.mjs ml-workers &&
//   node dist/bench/ml.mjs [rows=1000000] [features=32] [trees=200] [depth=6] [threads=min(2, cores)] [only=all|gbdt|onnx]
// Prints os.loadavg() beside each figure (the machine is shared), and the GBDT's model hash: the same for any
// thread count. The tree inference is also run in a profiled session here, to print the TreeEnsembleRegressor kernel
// against the whole run (the rest is onnxruntime's and the worker's overhead).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { InferenceClient } from '../src-main/ml/inference/inference-client.js';
import { INTRA_OP_THREADS_MAX } from '../src-main/ml/inference/inference-protocol.js';
import { sessionOptions } from '../src-main/ml/inference/inference-worker.js';
import { lstmToOnnx } from '../src-main/ml/onnx/lstm-export.js';
import { treeEnsembleToOnnx } from '../src-main/ml/onnx/tree-export.js';
import { seededRandom } from '../src-main/ml/random.js';
import { trainForest } from '../src-main/ml/trees/forest.js';
import { trainGbdt } from '../src-main/ml/trees/gbdt.js';
import { defaultHistThreads } from '../src-main/ml/trees/hist-pool.js';
import { sigmoid } from '../src-main/ml/trees/tree-model.js';

const [rows = 1_000_000, features = 32, trees = 200, depth = 6, threadArg = 0] = process.argv.slice(2, 7).map(Number);
const only = process.argv[7] ?? 'all';
const threads = threadArg > 0 ? threadArg : defaultHistThreads();
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function data(n: number, f: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) x[i * f + j] = rand() - 0.5;
    y[i] = rand() < sigmoid(3 * x[i * f]! - 2 * x[i * f + 1]! * x[i * f + 2]!) ? 1 : 0;
  }
  return { x, y, rows: n };
}

if (only === 'all' || only === 'gbdt') {
  const train = data(rows, features, 1);
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const gbdt = trainGbdt(train, features, { trees, maxDepth: depth, maxLeaves: 2 ** depth, learningRate: 0.1, rowSubsample: 1, colSubsample: 1, earlyStopping: 0 }, undefined, undefined, { threads });
  const cpu = process.cpuUsage(cpu0);
  const hash = createHash('sha256').update(JSON.stringify(gbdt.model)).digest('hex').slice(0, 16);
  process.stdout.write(`gbdt train: ${rows} rows x ${features} features, ${gbdt.model.trees.length} trees depth ${depth}, ${gbdt.threads} thread(s): ${((performance.now() - t0) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)  model ${hash}  (loadavg ${load()})\n`);
  const forestTrees = Math.max(10, Math.round(trees / 10));
  t0 = performance.now();
  trainForest(train, features, { trees: forestTrees, maxDepth: depth, minSamplesLeaf: 20 });
  process.stdout.write(`forest train: same rows, ${forestTrees} trees depth ${depth}: ${((performance.now() - t0) / 1000).toFixed(1)} s  (loadavg ${load()})  [ml-random-forest is not installed, so no comparison with it]\n`);
}
if (only === 'gbdt') process.exit(0);

// inference: a batch of 500 rows x 64 features through ONNX on the worker
const inf = data(20_000, 64, 2);
const model = trainGbdt(inf, 64, { trees, maxDepth: depth, maxLeaves: 2 ** depth, earlyStopping: 0 }).model;
const dir = mkdtempSync(join(tmpdir(), 'bench-ml-'));
writeFileSync(join(dir, 'm.onnx'), treeEnsembleToOnnx(model));
const client = new InferenceClient({ preferCuda: false });
const info = await client.load('m', join(dir, 'm.onnx'));
const batch = data(500, 64, 3).x;
const inWorker: number[] = [];
const roundTrip: number[] = [];
for (let k = 0; k < 520; k++) {
  const s = performance.now();
  const r = await client.predict('m', batch, 500, 64);
  if (k >= 20) {
    roundTrip.push(performance.now() - s);
    inWorker.push(r.ms);
  }
}

// Where the run's time goes: the same model and batch in a profiled session here (the worker's options), read from
// onnxruntime's own trace: the tree node's kernel and the whole session run, against the worker's figures above.
const kernel: number[] = [];
const sessionRun: number[] = [];
{
  const session = await ort.InferenceSession.create(readFileSync(join(dir, 'm.onnx')), { ...sessionOptions('cpu', Math.min(INTRA_OP_THREADS_MAX, availableParallelism())), enableProfiling: true, profileFilePrefix: join(dir, 'profile') });
  const feed = new ort.Tensor('float32', Float32Array.from(batch), [500, 64]);
  for (let k = 0; k < 220; k++) await session.run({ features: feed });
  session.endProfiling(); // writes profile_<date>.json into dir
  const file = readdirSync(dir).find((f) => f.startsWith('profile') && f.endsWith('.json'))!;
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<{ name: string; dur: number }>;
  for (const e of events) {
    if (e.name === 'm_trees_kernel_time') kernel.push(e.dur / 1000);
    if (e.name === 'model_run') sessionRun.push(e.dur / 1000);
  }
  kernel.splice(0, 20);
  sessionRun.splice(0, 20);
  await session.release();
}

// LSTM inference: 500 sequences of 64 steps x 16 features, 32 units (random weights: the speed does not depend on them)
const wr = seededRandom(4);
const h = 32;
const f16 = 16;
const rw = (n: number) => Array.from({ length: n }, () => (wr() - 0.5) * 0.2);
writeFileSync(join(dir, 'lstm.onnx'), lstmToOnnx({ steps: 64, features: f16, units: h, kernel: rw(f16 * 4 * h), recurrent: rw(h * 4 * h), bias: rw(4 * h), denseKernel: rw(h), denseBias: 0 }));
await client.load('lstm', join(dir, 'lstm.onnx'));
const seqs = Float32Array.from({ length: 500 * 64 * f16 }, () => wr() - 0.5);
const lstmMs: number[] = [];
for (let k = 0; k < 60; k++) {
  const r = await client.predictShaped('lstm', seqs, [500, 64, f16]);
  if (k >= 10) lstmMs.push(r.ms);
}
await client.close();
const pct = (a: number[], p: number) => [...a].sort((u, v) => u - v)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
process.stdout.write(`onnx LSTM(32) inference (${info.provider}), 500 sequences x 64 steps x 16 features: run p50 ${pct(lstmMs, 0.5).toFixed(2)} ms, p99 ${pct(lstmMs, 0.99).toFixed(2)} ms  (loadavg ${load()})\n`);
process.stdout.write(`onnx inference (${info.provider}), 500 x 64, ${trees} trees depth ${depth}: run p50 ${pct(inWorker, 0.5).toFixed(3)} ms, p99 ${pct(inWorker, 0.99).toFixed(3)} ms; round trip p50 ${pct(roundTrip, 0.5).toFixed(3)} ms, p99 ${pct(roundTrip, 0.99).toFixed(3)} ms  (loadavg ${load()})\n`);
process.stdout.write(`  the same batch in a profiled session in this process (onnxruntime's trace): TreeEnsembleRegressor kernel p50 ${pct(kernel, 0.5).toFixed(3)} ms, p99 ${pct(kernel, 0.99).toFixed(3)} ms; session run p50 ${pct(sessionRun, 0.5).toFixed(3)} ms, p99 ${pct(sessionRun, 0.99).toFixed(3)} ms\n`);
