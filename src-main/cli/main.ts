import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { resolveDataDir } from '../services/data-dir.js';
import type { Workstation } from '../services/workstation.js';
import { APP_NAME, APP_VERSION } from '../version.js';
import { DEFAULT_PORT, HELP, parseCli, type CliOptions } from './args.js';
import { BACKTEST_COMMANDS, runBacktestCommand } from './backtest-command.js';
import { HISTORY_COMMANDS, runHistoryCommand } from './import-command.js';
import { runStrategiesCommand } from './strategies-command.js';

// The host, the services, the exchange, health and components are imported when their command runs: loading them
// (the broker SDK, the IPC contract's schemas, ws) took a third of a second, which a backtest or an import never uses.

/** The demo exchange's worker, built beside this bundle (dist/main/exchange-worker.mjs). */
function exchangeWorkerScript(): string {
  return fileURLToPath(new URL('./exchange-worker.mjs', import.meta.url));
}

/** dist/main/cli.mjs -> dist/renderer */
function rendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** A Workstation for the CLI's options (the services module loaded on first use). */
async function newWorkstation(options: CliOptions, logLevel: CliOptions['logLevel'], demoBots = false): Promise<Workstation> {
  const [{ Workstation }, { externalExchangeEndpoints }] = await Promise.all([import('../services/workstation.js'), import('./external-exchange.js')]);
  return new Workstation({
    dataDir: resolveDataDir(options.dataDir),
    shell: 'headless',
    exchangeWorkerScript: exchangeWorkerScript(),
    logLevel,
    logToConsole: true,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.exchangeUrl !== undefined ? { externalExchange: externalExchangeEndpoints(options.exchangeUrl, process.env) } : {}),
    demoBots,
  });
}

async function startWorkstation(options: CliOptions): Promise<Workstation> {
  // The host is the app's start: a fresh demo data folder gets its demo bots (WORKSTATION_DEMO_BOTS=off: none; the tests set it).
  const workstation = await newWorkstation(options, options.logLevel, process.env.WORKSTATION_DEMO_BOTS !== 'off');
  await workstation.start();
  return workstation;
}

async function host(options: CliOptions): Promise<void> {
  const workstation = await startWorkstation(options);
  const { startHost } = await import('../host/host.js');
  const running = await startHost({
    workstation,
    rendererDir: rendererDir(),
    port: options.port ?? DEFAULT_PORT,
    bind: options.bind,
    allowRemote: options.allowRemote,
  });
  process.stdout.write(
    `${APP_NAME} ${APP_VERSION} — headless host, ${workstation.mode} mode${options.exchangeUrl !== undefined && workstation.mode === 'demo' ? ` against the exchange at ${options.exchangeUrl}` : ''}\n` +
      `data: ${workstation.options.dataDir}\n` +
      `Open the workstation in a browser (the token in this link is the only way in; keep it private):\n\n` +
      `  ${running.urlWithToken}\n\n` +
      `Press Ctrl+C to stop.\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping…\n');
    await running.close();
    await workstation.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** The workstation `health` and `components` start: quiet logs, the same mode and exchange as a host would use. */
function checkedWorkstation(options: CliOptions): Promise<Workstation> {
  return newWorkstation(options, 'warn');
}

async function health(options: CliOptions): Promise<number> {
  const [{ healthText, runHealthChecks }, { appFiles }] = await Promise.all([import('./health.js'), import('./app-files.js')]);
  const workstation = await checkedWorkstation(options);
  try {
    // A service that fails to start is reported as down with its reason, like any other failed check.
    await workstation.start().catch(() => undefined);
    const results = await runHealthChecks(workstation, appFiles());
    const ok = results.every((r) => r.state === 'ok');
    process.stdout.write(options.json ? `${JSON.stringify({ ok, services: results }, null, 2)}\n` : healthText(results, ok));
    return ok ? 0 : 1;
  } finally {
    await workstation.stop();
  }
}

async function components(options: CliOptions): Promise<number> {
  const [{ componentsText, listComponents }, { appFiles }] = await Promise.all([import('./components.js'), import('./app-files.js')]);
  const workstation = await checkedWorkstation(options);
  try {
    // A service that fails to start is listed as down with its reason.
    await workstation.start().catch(() => undefined);
    const list = listComponents(workstation, appFiles());
    process.stdout.write(options.json ? `${JSON.stringify({ components: list }, null, 2)}\n` : componentsText(list));
    return 0;
  } finally {
    await workstation.stop();
  }
}

export async function main(argv: string[]): Promise<number> {
  // The backtest family has its own options (--strategy, --param ...), parsed by its own command.
  if ((BACKTEST_COMMANDS as readonly string[]).includes(argv[0] ?? '')) return runBacktestCommand(argv[0]!, argv.slice(1));
  // import/export likewise (--file, --symbol, --map ...).
  if ((HISTORY_COMMANDS as readonly string[]).includes(argv[0] ?? '')) return runHistoryCommand(argv[0]!, argv.slice(1));
  // The Parquet catalog: import, export, ls, compact, credentials (its own flags).
  if (argv[0] === 'catalog') return (await import('./catalog-command.js')).runCatalogCommand(argv.slice(1));
  // Quotes and trades in the history store: import, export, backfill, prune, ls (src-main/history/ticks).
  if (argv[0] === 'ticks') return (await import('./ticks-command.js')).runTicksCommand(argv.slice(1));
  // The kill switch has its own options (--flatten, --timeout).
  if (argv[0] === 'kill') return (await import('./kill-command.js')).runKillCommand(argv.slice(1));
  // Option pricing, implied volatility and payoffs (pure computation, its own flags).
  if (argv[0] === 'options') return (await import('./options-command.js')).runOptionsCommand(argv.slice(1));
  // The strategy library: names, families, parameters and ranges (--json).
  if (argv[0] === 'strategies') return runStrategiesCommand(argv.slice(1));
  // The opportunity scanner over bars given or stored (src-main/discovery; its own flags).
  if (argv[0] === 'scan') return (await import('./scan-command.js')).runScanCommand(argv.slice(1));
  // LLM analysis of one symbol (src-main/llm; its own flags); proposals are printed, never sent.
  if (argv[0] === 'analyze') return (await import('./analyze-command.js')).runAnalyzeCommand(argv.slice(1));
  if (argv[0] === 'portfolio') return (await import('./portfolio-command.js')).runPortfolioCommand(argv.slice(1));
  if (argv[0] === 'allocate') return (await import('./portfolio-command.js')).runAllocateCommand(argv.slice(1));
  // Machine learning: train, evaluate, predict, export, backtest, models (src-main/ml; its own flags).
  if (argv[0] === 'ml') return (await import('./ml-command.js')).runMlCommand(argv.slice(1));
  // Research workers on a Redis queue, and the queue's state (src-main/distributed).
  if (argv[0] === 'worker' || argv[0] === 'queue') {
    const { runWorkerCommand, runQueueCommand } = await import('./worker-command.js');
    return argv[0] === 'worker' ? runWorkerCommand(argv.slice(1)) : runQueueCommand(argv.slice(1));
  }
  const options = parseCli(argv);
  if (options.help || options.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  switch (options.command) {
    case 'version':
      process.stdout.write(`${APP_VERSION}\n`);
      return 0;
    case 'host':
      await host(options);
      return -1;
    case 'health':
      return health(options);
    case 'components':
      return components(options);
    case 'exchange':
      await (await import('./exchange-command.js')).exchange(options);
      return -1;
    default:
      throw new CodedError('BAD_REQUEST', `unknown command "${options.command}" (see --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: a long-running command that exits on its own signal handlers.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const code = error instanceof CodedError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`workstation: ${message} [${code}]\n`);
    process.exit(code === 'BAD_REQUEST' ? 2 : 1);
  },
);
