import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { QuoteColumns, TradeColumns } from '../market-data.js';

/**
 * The CSV files a quote-level backtest reads, one kind per file, told apart by the header:
 *   quotes: t,bid,bidSize,ask,askSize     trades: t,price,size
 * (names in any case, in this order). t is epoch milliseconds or an ISO time (without a zone: UTC). Rows in time
 * order (equal times allowed); prices above 0, sizes 0 or more; a quote's bid not above its ask.
 */
export type TickFile = { kind: 'quotes'; quotes: QuoteColumns } | { kind: 'trades'; trades: TradeColumns };

const QUOTE_HEADER = ['t', 'bid', 'bidsize', 'ask', 'asksize'];
const TRADE_HEADER = ['t', 'price', 'size'];

function fail(file: string, line: number, message: string): CodedError {
  return new CodedError('BAD_REQUEST', `${file}:${line}: ${message}`);
}

/** Epoch ms, or NaN when the text is neither epoch milliseconds nor an ISO time. */
export function parseTickTime(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return NaN;
  const iso = text.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}

export function parseTickCsv(text: string, file: string): TickFile {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const same = (want: string[]) => header.length === want.length && want.every((h, i) => header[i] === h);
  const quotes = same(QUOTE_HEADER);
  if (!quotes && !same(TRADE_HEADER)) {
    throw fail(file, 1, `the header must be "t,bid,bidSize,ask,askSize" (quotes) or "t,price,size" (trades), got "${lines[0] ?? ''}"`);
  }
  const width = quotes ? 5 : 3;
  let rows = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i]!.trim() !== '') rows++;
  const cols = Array.from({ length: width }, () => new Float64Array(rows));
  let n = 0;
  let last = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    const cells = raw.split(',');
    if (cells.length !== width) throw fail(file, line, `expected ${width} values (${quotes ? 't,bid,bidSize,ask,askSize' : 't,price,size'}), got ${cells.length}`);
    const t = parseTickTime(cells[0]!.trim());
    if (!Number.isFinite(t)) throw fail(file, line, `time "${cells[0]}" is neither epoch milliseconds nor an ISO time such as 2024-03-01T14:30:00.125Z`);
    if (t < 1e11) throw fail(file, line, `time ${cells[0]} looks like epoch seconds; give milliseconds`);
    if (t < last) throw fail(file, line, `time ${cells[0]} is earlier than the row before it; rows must be in time order`);
    last = t;
    cols[0]![n] = t;
    for (let c = 1; c < width; c++) {
      const v = Number(cells[c]!.trim());
      const price = quotes ? c === 1 || c === 3 : c === 1;
      if (cells[c]!.trim() === '' || !Number.isFinite(v) || (price ? v <= 0 : v < 0)) {
        throw fail(file, line, `${(quotes ? QUOTE_HEADER : TRADE_HEADER)[c]} must be a number ${price ? 'above 0' : 'of 0 or more'}, got "${cells[c]}"`);
      }
      cols[c]![n] = v;
    }
    if (quotes && cols[1]![n]! > cols[3]![n]!) throw fail(file, line, `the bid ${cells[1]} is above the ask ${cells[3]}`);
    n++;
  }
  if (quotes) return { kind: 'quotes', quotes: { t: cols[0]!, bid: cols[1]!, bidSize: cols[2]!, ask: cols[3]!, askSize: cols[4]! } };
  return { kind: 'trades', trades: { t: cols[0]!, price: cols[1]!, size: cols[2]! } };
}
