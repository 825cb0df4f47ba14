// `workstation options chain --symbol SPY [--expiry DATE] [--json]`: an underlying's chain from the current mode's
// data (demo: the local exchange the workstation starts, or the one --exchange-url names; paper and live: Alpaca
// with the stored keys), the same service the GUI's Options tab calls.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TradingMode } from '../../src-shared/domain/mode.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { chainRequest, type ChainResponse, type ChainRow } from '../../src-shared/ipc/options-schemas.js';
import { resolveDataDir } from '../services/data-dir.js';

export const CHAIN_HELP = `workstation options chain --symbol SYMBOL [--expiry YYYY-MM-DD] [--json]
  [--mode demo|paper|live] [--exchange-url URL] [--data-dir DIR]

  The option chain of SYMBOL from the current mode's data: calls and puts by strike with bid, ask, last,
  IV and greeks (Alpaca's units). A row marked * had no greeks in its snapshot: they were computed here by
  Black-Scholes-Merton from the quote's mid. --json prints the whole chain as one JSON object.
`;

export async function runChainCommand(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        symbol: { type: 'string' },
        expiry: { type: 'string' },
        json: { type: 'boolean' },
        mode: { type: 'string' },
        'exchange-url': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see workstation options chain --help)`);
  }
  if (values.help) {
    process.stdout.write(CHAIN_HELP);
    return 0;
  }
  if (!values.symbol) throw new CodedError('BAD_REQUEST', '--symbol is required (see workstation options chain --help)');
  const parsed = chainRequest.safeParse({ underlying: values.symbol, ...(values.expiry !== undefined ? { expiry: values.expiry } : {}) });
  if (!parsed.success) throw new CodedError('BAD_REQUEST', `bad --symbol or --expiry: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const mode = values.mode;
  if (mode !== undefined && mode !== 'demo' && mode !== 'paper' && mode !== 'live') throw new CodedError('BAD_REQUEST', `--mode must be demo, paper or live, got "${mode}"`);

  const [{ Workstation }, { externalExchangeEndpoints }] = await Promise.all([import('../services/workstation.js'), import('./external-exchange.js')]);
  const workstation = new Workstation({
    dataDir: resolveDataDir(values['data-dir']),
    shell: 'headless',
    exchangeWorkerScript: fileURLToPath(new URL('./exchange-worker.mjs', import.meta.url)),
    logLevel: 'warn',
    logToConsole: true,
    ...(mode ? { mode: mode as TradingMode } : {}),
    ...(values['exchange-url'] !== undefined ? { externalExchange: externalExchangeEndpoints(values['exchange-url'], process.env) } : {}),
  });
  try {
    await workstation.start();
    const chain = await workstation.optionsData.chain(parsed.data.underlying, parsed.data.expiry);
    process.stdout.write(values.json ? `${JSON.stringify(chain)}\n` : chainText(chain));
    return 0;
  } finally {
    await workstation.stop();
  }
}

const fmt = (x: number | null, digits = 2): string => (x === null ? '-' : x.toFixed(digits));

function side(row: ChainRow | undefined): string[] {
  if (!row) return ['', '', '', '', '', '', ''];
  return [fmt(row.bid), fmt(row.ask), fmt(row.last), row.iv === null ? '-' : `${(row.iv * 100).toFixed(1)}%${row.greeksSource === 'computed' ? '*' : ''}`, fmt(row.greeks?.delta ?? null, 3), fmt(row.greeks?.gamma ?? null, 4), fmt(row.greeks?.theta ?? null, 3)];
}

/** Calls | strike | puts per expiry, as a chain is read. */
export function chainText(chain: ChainResponse): string {
  const lines = [`${chain.underlying} spot ${fmt(chain.spot)}  as of ${new Date(chain.asOf).toISOString()}  source ${chain.source}${chain.computed ? `  (${chain.computed} rows computed here: *)` : ''}`];
  const head = ['bid', 'ask', 'last', 'iv', 'delta', 'gamma', 'theta'];
  const expiries = [...new Set(chain.rows.map((r) => r.expiration))];
  for (const expiry of expiries) {
    lines.push('', `expiry ${expiry}`, [...head.map((h) => h.padStart(8)), 'strike'.padStart(9), ...head.map((h) => h.padStart(8))].join(''));
    const rows = chain.rows.filter((r) => r.expiration === expiry);
    for (const strike of [...new Set(rows.map((r) => r.strike))]) {
      const call = rows.find((r) => r.strike === strike && r.type === 'call');
      const put = rows.find((r) => r.strike === strike && r.type === 'put');
      lines.push([...side(call).map((c) => c.padStart(8)), strike.toFixed(2).padStart(9), ...side(put).map((c) => c.padStart(8))].join(''));
    }
  }
  return `${lines.join('\n')}\n`;
}
