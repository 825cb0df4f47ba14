// `workstation analyze`: asks a language model (OpenRouter or any OpenAI-compatible endpoint) for an analysis of one
// symbol from its bars and what else is given, and prints the analysis and its order proposals. It never trades:
// proposals are printed, and only a trader can turn one into an order (in the GUI's ticket).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { LlmAnalysis } from '../../src-shared/ipc/llm-schemas.js';
import { loadData } from '../backtest/load-data.js';
import { analyze, DEFAULT_LIMITS, DEFAULT_MAX_TOKENS } from '../llm/analyze.js';
import { LLM_KEY_ENV, resolveLlmKey } from '../llm/api-key.js';
import { DEFAULT_LLM_MODEL, DEFAULT_LLM_URL, DEFAULT_TIMEOUT_MS } from '../llm/client.js';
import { contextFromBars, type ContextHeadline, type ContextPosition } from '../llm/context.js';
import { LlmError } from '../llm/errors.js';
import { usageLogPath } from '../llm/usage-log.js';
import { resolveDataDir } from '../services/data-dir.js';

export const ANALYZE_HELP = `workstation analyze --symbol SYM (--data FILE.csv | from the history store) [options] [--json]

  Sends a language model the numbers held for SYM (the last 30 bars, SMA 20/50/200, RSI 14, MACD, ATR 14,
  Bollinger bands, recent returns; the position, risk figures and headlines given below) and asks for a
  structured answer: an analysis, an outlook, a confidence from 0 to 1 and order proposals. Proposals are
  only printed: nothing is ever sent to a broker from here.
  The API key comes from ${LLM_KEY_ENV}, else the keychain (saved in Settings); it is sent only as the
  bearer token. Every request and answer is logged, without the key, to <data dir>/logs/llm-usage-YYYY-MM-DD.jsonl.
  --symbol SYM           the symbol to analyse (required)
  --data FILE.csv        its bars (any OHLCV CSV); without it, from the history store of --data-dir
  --data-dir DIR         history store and usage log (default: the app's data folder)
  --llm-url URL          OpenAI-compatible API root (default ${DEFAULT_LLM_URL})
  --model NAME           model name (default ${DEFAULT_LLM_MODEL})
  --position QTY@PRICE   the current position, e.g. 100@41.5 (negative QTY: short)
  --equity USD           account equity, sent as a risk figure
  --max-position USD     the largest position notional allowed, sent as a risk figure
  --news FILE            headlines, one a line (optionally "ISO-TIME<TAB>headline")
  --timeout-ms N         give up after N ms (default ${DEFAULT_TIMEOUT_MS})
  --max-tokens N         longest answer in tokens (default ${DEFAULT_MAX_TOKENS})
  --max-requests-per-day N   refuse once N requests were sent this UTC day (default ${DEFAULT_LIMITS.maxRequestsPerDay})
  --max-cost-per-day USD     refuse once USD were spent this UTC day (default ${DEFAULT_LIMITS.maxCostUsdPerDay})
  --price-in USD, --price-out USD   dollars per million prompt / completion tokens, for the cost when the
                         endpoint reports tokens but no cost (OpenRouter reports its cost)
  --json                 {"analysis": {id, symbol, model, at, answer: {analysis, outlook, confidence,
                         proposals: [{symbol, side, qty, notional, type, limitPrice, reason}]}, usage}}
`;

function bad(message: string): CodedError {
  return new CodedError('BAD_REQUEST', message);
}

function number(value: string | undefined, flag: string, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw bad(`${flag} must be ${what}, got "${value}"`);
  return n;
}

function parsePosition(value: string | undefined): ContextPosition | null {
  if (value === undefined) return null;
  const m = /^(-?\d+(?:\.\d+)?)@(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!m) throw bad(`--position must be QTY@PRICE like 100@41.5, got "${value}"`);
  return { qty: m[1]!, avgEntryPrice: m[2]! };
}

function readNews(file: string | undefined, asOf: number): ContextHeadline[] {
  if (file === undefined) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw bad(`cannot read --news ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-20)
    .map((line) => {
      const [first, ...rest] = line.split('\t');
      const at = rest.length > 0 ? Date.parse(first!) : NaN;
      return Number.isFinite(at) ? { at, headline: rest.join(' ') } : { at: asOf, headline: line };
    });
}

function text(result: LlmAnalysis): string {
  const a = result.answer;
  const lines = [
    `${result.symbol} — ${a.outlook}, confidence ${a.confidence.toFixed(2)} (model ${result.model}, cost $${result.usage.costUsd.toFixed(4)})`,
    '',
    a.analysis,
    '',
    a.proposals.length === 0 ? 'No proposals.' : `Proposals (not sent; open a ticket in the workstation to act on one):`,
    ...a.proposals.map((p) => {
      const size = p.qty !== null ? `${p.qty} sh` : `$${p.notional}`;
      const price = p.type === 'limit' ? `limit ${p.limitPrice}` : 'market';
      return `  ${p.side.toUpperCase()} ${size} ${p.symbol} ${price} — ${p.reason}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

export async function runAnalyzeCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        symbol: { type: 'string' },
        data: { type: 'string' },
        'data-dir': { type: 'string' },
        'llm-url': { type: 'string' },
        model: { type: 'string' },
        position: { type: 'string' },
        equity: { type: 'string' },
        'max-position': { type: 'string' },
        news: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'max-tokens': { type: 'string' },
        'max-requests-per-day': { type: 'string' },
        'max-cost-per-day': { type: 'string' },
        'price-in': { type: 'string' },
        'price-out': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw bad(`${error instanceof Error ? error.message : String(error)} (see: workstation analyze --help)`);
  }
  if (values.help) {
    process.stdout.write(ANALYZE_HELP);
    return 0;
  }
  const symbol = values.symbol?.trim().toUpperCase();
  if (!symbol) throw bad('say which symbol to analyse: --symbol SYM (see: workstation analyze --help)');
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  const nonNegative = (n: number) => n >= 0;
  const timeoutMs = number(values['timeout-ms'], '--timeout-ms', whole, 'a whole number above 0');
  const maxTokens = number(values['max-tokens'], '--max-tokens', whole, 'a whole number above 0');
  const maxRequests = number(values['max-requests-per-day'], '--max-requests-per-day', (n) => Number.isInteger(n) && n >= 0, 'a whole number');
  const maxCost = number(values['max-cost-per-day'], '--max-cost-per-day', nonNegative, 'a number of dollars');
  const priceIn = number(values['price-in'], '--price-in', nonNegative, 'a number of dollars');
  const priceOut = number(values['price-out'], '--price-out', nonNegative, 'a number of dollars');
  const equity = number(values.equity, '--equity', nonNegative, 'a number of dollars');
  const maxPosition = number(values['max-position'], '--max-position', nonNegative, 'a number of dollars');
  const position = parsePosition(values.position);
  const dataDir = resolveDataDir(values['data-dir']);
  const { data } = loadData(values.data !== undefined ? { files: [values.data], symbols: [symbol] } : { symbols: [symbol], dataDir });
  const bars = data.columns[0]!;
  const risk: Record<string, number> = {};
  if (equity !== undefined) risk.equity = equity;
  if (maxPosition !== undefined) risk.maxPositionNotional = maxPosition;
  const context = contextFromBars(bars, { position, risk, news: readNews(values.news, bars.t[bars.t.length - 1]!) });
  let result: LlmAnalysis;
  try {
    const key = await resolveLlmKey();
    if (!key) throw new LlmError('LLM_NO_KEY', `no LLM API key: set ${LLM_KEY_ENV}, or save the key in the workstation's Settings (keychain)`);
    result = await analyze(context, {
      apiKey: key.apiKey,
      usageLogFile: usageLogPath(dataDir),
      ...(values['llm-url'] !== undefined ? { baseUrl: values['llm-url'] } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      limits: { ...(maxRequests !== undefined ? { maxRequestsPerDay: maxRequests } : {}), ...(maxCost !== undefined ? { maxCostUsdPerDay: maxCost } : {}) },
      ...(priceIn !== undefined || priceOut !== undefined ? { prices: { promptUsdPerMillion: priceIn ?? 0, completionUsdPerMillion: priceOut ?? 0 } } : {}),
    });
  } catch (error) {
    // The CLI's last line names the IPC code; the LLM's own reason goes in the message so a script can tell them apart.
    if (error instanceof LlmError) throw new CodedError(error.code, `${error.message} [${error.failure}]`);
    throw error;
  }
  process.stdout.write(values.json ? `${JSON.stringify({ analysis: result }, null, 2)}\n` : text(result));
  return 0;
}
