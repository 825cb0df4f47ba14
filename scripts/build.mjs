// Builds everything that runs: the renderer (Vite), main's CLI and headless host, the Electron main process
// and preload (esbuild), and the benchmarks. Native and large packages stay external to the main bundles.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_BUNDLES, workerExternals } from './worker-bundles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
// Bundled ESM needs a real `require` for the CommonJS packages it leaves external.
const esmBanner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };

// zod goes into the CLI's own chunks: loading its ESM build from node_modules, dozens of files resolved and
// compiled one by one, cost a backtest's start some 50 ms of CPU. Every other package stays external (native modules, the
// SDKs), as before.
const CLI_BUNDLED_PACKAGES = new Set(['zod']);
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const externalExcept = (bundled) => ({
  name: 'external-except',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (bundled.has(packageName(args.path)) ? undefined : { path: args.path, external: true }));
  },
});

// The CLI is split at its dynamic imports: a command loads only its own code and packages (a backtest never loads
// the broker SDK, the IPC contract or the host), which took a third of a second off every start. The chunks sit
// beside cli.mjs (cli-chunk-*.mjs), so import.meta.url finds the worker bundles from any of them.
async function buildMain() {
  const result = await esbuild({
    ...common,
    entryPoints: { cli: 'src-main/cli/main.ts' },
    outdir: 'dist/main',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    plugins: [externalExcept(CLI_BUNDLED_PACKAGES)],
    banner: esmBanner,
    splitting: true,
    chunkNames: 'cli-chunk-[hash]',
    metafile: true,
  });
  // Chunks of earlier builds (their hashes changed) are removed; this build's are left untouched.
  const made = new Set(Object.keys(result.metafile.outputs).map((path) => path.split('/').pop()));
  for (const file of readdirSync(join(root, 'dist', 'main'))) {
    if (/^cli-chunk-.*\.mjs(\.map)?$/.test(file) && !made.has(file)) rmSync(join(root, 'dist', 'main', file), { force: true });
  }
}

async function buildExchangeWorker() {
  // Self-contained (every package bundled), so the worker loads the same from a checkout or unpacked from the
  // Electron app's ASAR. ws's optional native helpers stay out: ws falls back to JavaScript without them.
  await esbuild({
    ...common,
    entryPoints: { 'exchange-worker': 'src-main/exchange/worker/exchange-worker.ts' },
    outdir: 'dist/main',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    external: ['bufferutil', 'utf-8-validate'],
    banner: esmBanner,
  });
}

// Self-contained like the exchange worker (the packaged app loads them unpacked from the ASAR); only the native
// SQLite module stays outside, unpacked with its package (scripts/worker-bundles.mjs, electron-builder.yml).
async function buildWorkerBundle(name) {
  const bundle = WORKER_BUNDLES.find((b) => b.name === name);
  await esbuild({
    ...common,
    entryPoints: { [bundle.name]: bundle.entry },
    outdir: 'dist/main',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    external: workerExternals(bundle),
    banner: esmBanner,
  });
}

async function buildBacktestWorker() {
  // The optimisation sweep's worker thread (src-main/backtest/optimize/sweep-worker.ts), beside the CLI bundle.
  await buildWorkerBundle('backtest-worker');
  // backtest-job-worker: one Backtest-tab job (a run, an optimisation or a walk-forward) per thread.
  await buildWorkerBundle('backtest-job-worker');
}

async function buildHistoryReadWorker() {
  // Large history reads run here, off main's loop (src-main/history/read-client.ts finds it beside the CLI bundle).
  await buildWorkerBundle('history-read-worker');
}

async function buildMlWorkers() {
  // ML training (src-main/ml/train-worker.ts) and ONNX inference (src-main/ml/inference/inference-worker.ts), whose
  // onnxruntime-node stays external: esbuild cannot bundle its native .node binding and shared libraries. The
  // GBDT's histogram helper thread (src-main/ml/trees/hist-worker.ts) is started by whichever thread trains.
  await buildWorkerBundle('ml-train-worker');
  await buildWorkerBundle('ml-hist-worker');
  await buildWorkerBundle('ml-inference-worker');
}

async function buildScanWorker() {
  // The opportunity scanner's thread (src-main/discovery/scan-client.ts finds it beside the CLI bundle).
  await buildWorkerBundle('scan-worker');
}

async function buildRebalanceWorker() {
  // The rebalance preview's optimiser (src-main/discovery/rebalance-client.ts finds it beside the CLI bundle).
  await buildWorkerBundle('rebalance-worker');
}

// Class private members (#field, #field in object) are lowered in the Electron bundles: the security scan
// (electronegativity, scripts/electronegativity.mjs) reads these bundles and its parser stops at them. Speed is not
// at stake there: backtests run in the CLI and in their workers, whose bundles keep the native form.
const ELECTRON_SUPPORTED = { 'class-private-field': false, 'class-private-method': false, 'class-private-accessor': false, 'class-private-static-field': false, 'class-private-static-method': false, 'class-private-static-accessor': false, 'class-private-brand-check': false };

async function buildElectron() {
  await esbuild({
    ...common,
    entryPoints: { main: 'src-main/electron/main.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    packages: 'external',
    supported: ELECTRON_SUPPORTED,
  });
  // A sandboxed preload cannot require anything but 'electron', so it is one self-contained file.
  await esbuild({
    ...common,
    entryPoints: { preload: 'src-main/electron/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    supported: ELECTRON_SUPPORTED,
  });
}

async function buildBench() {
  const entries = existsSync(join(root, 'bench'))
    ? readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => join('bench', f))
    : [];
  if (entries.length === 0) return;
  await esbuild({
    ...common,
    entryPoints: entries,
    outdir: 'dist/bench',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    banner: esmBanner,
  });
}

async function buildRenderer() {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const steps = { renderer: buildRenderer, main: buildMain, 'exchange-worker': buildExchangeWorker, 'backtest-worker': buildBacktestWorker, 'history-read-worker': buildHistoryReadWorker, 'ml-workers': buildMlWorkers, 'scan-worker': buildScanWorker, 'rebalance-worker': buildRebalanceWorker, electron: buildElectron, bench: buildBench };
for (const [name, step] of Object.entries(steps)) {
  if (only && only !== name) continue;
  const started = Date.now();
  await step();
  process.stdout.write(`built ${name} in ${Date.now() - started} ms\n`);
}
