/**
 * The import rules of the design (shared/DESIGN.md, "Layout"), checked on every test run.
 * Paths are relative to the folder depcruise runs in (the repository root, or a test fixture that mirrors it).
 */
const PLAIN_NODE = '^src-main/(kernel|adapters|exchange|backtest|strategies|ml|storage)/';

module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'src-shared is pure TypeScript: it may import only src-shared and npm packages.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer|tests|bench|scripts)/' },
    },
    {
      name: 'shared-no-node-or-electron',
      comment: 'src-shared runs in main and in the renderer: no node: modules, no electron.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-imports-only-shared',
      comment: 'The renderer is untrusted: it imports src-shared and browser packages only.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|tests|bench|scripts)/' },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-shell',
      comment: "Only src-main/electron imports 'electron'; everything else must run under plain Node.",
      severity: 'error',
      from: { pathNot: '^src-main/electron/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'plain-node-parts-stay-out-of-the-shells',
      comment: 'Kernel, adapters, exchange, backtest, strategies, ml and storage never reach into the Electron shell or the host.',
      severity: 'error',
      from: { path: PLAIN_NODE },
      to: { path: '^src-main/(electron|host)/' },
    },
    {
      name: 'strategies-never-import-adapters',
      severity: 'error',
      from: { path: '^src-main/strategies/' },
      to: { path: '^src-main/(adapters|exchange)/' },
    },
    {
      name: 'strategies-see-only-the-strategy-api',
      comment: 'A strategy runs unchanged in backtest and live: it imports the kernel strategy API, the pure statistics, the pure ML model runtime (features, tree prediction, dissimilarity), src-shared, other strategies and zod, nothing else (no node: modules, no adapters, no engine).',
      severity: 'error',
      from: { path: '^src-main/strategies/' },
      to: { pathNot: '^(src-main/strategies/|src-main/kernel/strategy/|src-main/kernel/stats/|src-main/ml/features/|src-main/ml/trees/tree-model\\.ts$|src-main/ml/predictor\\.ts$|src-main/ml/nets/network\\.ts$|src-main/ml/dissimilarity\\.ts$|src-shared/)|(^|/)node_modules/zod/' },
    },
    {
      name: 'ml-model-runtime-is-pure',
      comment: 'What ML strategies run (features, tree and network prediction in plain JS, dissimilarity) is pure: src-shared, the indicator library and itself; no node: modules, no files.',
      severity: 'error',
      from: { path: '^src-main/ml/(features/|trees/tree-model\\.ts$|predictor\\.ts$|nets/network\\.ts$|nets/transformer-weights\\.ts$|dissimilarity\\.ts$)' },
      to: { pathNot: '^(src-main/ml/features/|src-main/ml/trees/tree-model\\.ts$|src-main/ml/predictor\\.ts$|src-main/ml/nets/network\\.ts$|src-main/ml/nets/transformer-weights\\.ts$|src-main/ml/dissimilarity\\.ts$|src-main/kernel/indicators/|src-shared/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'stats-are-pure',
      comment: 'The statistics strategies use (regressions, unit-root tests, filters, PCA) are arithmetic over arrays: src-shared only, no I/O.',
      severity: 'error',
      from: { path: '^src-main/kernel/stats/' },
      to: { pathNot: '^(src-main/kernel/stats/|src-shared/)' },
    },
    {
      name: 'strategy-api-is-pure',
      comment: 'The strategy API hands strategies no way out: it imports only src-shared and zod (no node: modules, no timers module).',
      severity: 'error',
      from: { path: '^src-main/kernel/strategy/' },
      to: { pathNot: '^(src-main/kernel/strategy/|src-shared/)|(^|/)node_modules/zod/' },
    },
    {
      name: 'portfolio-ledgers-are-pure',
      comment: "A bot's ledger is decimal bookkeeping over the journal's records, and insights become targets and orders by arithmetic: src-shared, the order kernel's types and positions, the strategy API's insight types, decimal.js; no I/O of its own.",
      severity: 'error',
      from: { path: '^src-main/kernel/portfolio/' },
      to: { pathNot: '^(src-main/kernel/portfolio/|src-main/kernel/orders/|src-main/kernel/strategy/|src-shared/)|(^|/)node_modules/decimal\\.js/' },
    },
    {
      name: 'protections-are-pure',
      comment: 'Protections decide locks from trades and equity on the clock they are given: src-shared and zod only; the hosts store the locks.',
      severity: 'error',
      from: { path: '^src-main/kernel/protections/' },
      to: { pathNot: '^(src-main/kernel/protections/|src-shared/)|(^|/)node_modules/zod/' },
    },
    {
      name: 'tick-fills-are-pure',
      comment: 'The quote-level fill model, the tick file reader and bars made from ticks are pure: src-shared and the backtest data types only (no node: modules, no engine), so the engine, the CLI and tests share them.',
      severity: 'error',
      from: { path: '^src-main/backtest/ticks/' },
      to: { pathNot: '^(src-main/backtest/ticks/|src-shared/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'catalog-stays-plain-node',
      comment: 'The Parquet catalog runs in the CLI, the app, worker threads and queue workers alike: src-shared, the history helpers, the keychain store, the backtest data types and its packages (hyparquet, hyparquet-writer, the S3 client); never the shells, services or IPC.',
      severity: 'error',
      from: { path: '^src-main/catalog/' },
      to: { path: '^src-main/', pathNot: '^src-main/(catalog|history|secrets|backtest)/' },
    },
    {
      name: 'distributed-stays-plain-node',
      comment: 'Queue workers and producers run in the CLI, the backtest job thread and (status, cancel) main: the backtest code they distribute, the strategies, the catalog; never the shells, services or IPC.',
      severity: 'error',
      from: { path: '^src-main/distributed/' },
      to: { path: '^src-main/', pathNot: '^src-main/(distributed|backtest|kernel|strategies|catalog|history|secrets|storage|logging)/' },
    },
    {
      name: 'discovery-stays-plain-node',
      comment: 'The scanner, insight scoring and calibration run in the CLI, a worker thread and main: the backtest engine and data, the strategies, the kernel, storage; never the shells, services or IPC.',
      severity: 'error',
      from: { path: '^src-main/discovery/' },
      to: { path: '^src-main/(electron|host|services|ipc)/' },
    },
    {
      name: 'news-scoring-is-pure',
      comment: 'Headline sentiment feeds features, the scanner and the GUI alike: it reads text and returns numbers, importing nothing of ours but src-shared.',
      severity: 'error',
      from: { path: '^src-main/news/sentiment' },
      to: { path: '^src-main/' },
    },
    {
      name: 'renderer-features-independent',
      comment: 'A tab never imports another tab; shared pieces go to components/ or app/.',
      severity: 'error',
      from: { path: '^src-renderer/features/([^/]+)/' },
      to: { path: '^src-renderer/features/', pathNot: '^src-renderer/features/$1/' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
  },
};
