// The worker-thread bundles written to dist/main. A packaged app loads each from app.asar.unpacked (a worker
// thread cannot load its script from inside the ASAR), where only what electron-builder.yml unpacks exists, so each
// bundle carries every package it uses except those listed in `external`:
// - native: production dependencies with a compiled module; their package and runtime dependencies are unpacked
//   too (electron-builder.yml asarUnpack), so the import resolves from the unpacked bundle.
// - optional: packages the code loads inside a try and works without (ws's native speed-ups).
// scripts/build.mjs builds them from this list; scripts/check-packaging.mjs checks the list against the code, the
// bundles' imports and the packaging configuration.
export const WORKER_BUNDLES = [
  { name: 'exchange-worker', entry: 'src-main/exchange/worker/exchange-worker.ts', native: [], optional: ['bufferutil', 'utf-8-validate'] },
  { name: 'backtest-worker', entry: 'src-main/backtest/optimize/sweep-worker.ts', native: [], optional: [] },
  // BullMQ (a queued optimisation's producer) loads its other backends (PostgreSQL, Valkey GLIDE) only when asked.
  { name: 'backtest-job-worker', entry: 'src-main/backtest/jobs/job-worker.ts', native: ['better-sqlite3'], optional: ['pg', '@valkey/valkey-glide'] },
  { name: 'history-read-worker', entry: 'src-main/history/read-worker.ts', native: ['better-sqlite3'], optional: [] },
  // tfjs's bundled node-fetch tries the 'encoding' package for legacy charsets and works without it.
  { name: 'ml-train-worker', entry: 'src-main/ml/train-worker.ts', native: [], optional: ['encoding'] },
  // The opportunity scanner (src-main/discovery/scan-worker.ts): shadow runs, scoring and calibration off main's loop.
  { name: 'scan-worker', entry: 'src-main/discovery/scan-worker.ts', native: [], optional: [] },
  // The Portfolio & risk tab's rebalance optimiser (src-main/discovery/rebalance-worker.ts), off main's loop.
  { name: 'rebalance-worker', entry: 'src-main/discovery/rebalance-worker.ts', native: [], optional: [] },
  // GBDT histogram helper threads (src-main/ml/trees/hist-pool.ts), started from the training worker or the CLI.
  { name: 'ml-hist-worker', entry: 'src-main/ml/trees/hist-worker.ts', native: [], optional: [] },
  // onnxruntime-node loads its native binding and shared libraries from its own package folder.
  { name: 'ml-inference-worker', entry: 'src-main/ml/inference/inference-worker.ts', native: ['onnxruntime-node'], optional: [] },
];

/** What esbuild leaves out of a worker bundle. */
export const workerExternals = (bundle) => [...bundle.native, ...bundle.optional];
