import type { Broker } from '../../broker/broker.js';
import { invalidInput } from '../../broker/errors.js';

const UNIT_MS: Record<string, number> = { Min: 60_000, H: 3_600_000, D: 86_400_000 };
const PERIOD_MS: Record<string, number> = { D: 86_400_000, W: 7 * 86_400_000, M: 30 * 86_400_000, A: 365 * 86_400_000 };

function parseSpan(raw: string, units: Record<string, number>, field: string): number {
  const match = /^(\d+)([A-Za-z]+)$/.exec(raw);
  const unit = match ? units[match[2] ?? ''] : undefined;
  if (!match || unit === undefined) throw invalidInput(`invalid ${field}`);
  return Number(match[1]) * unit;
}

/**
 * GET /v2/account/portfolio/history: equity sampled on the timeframe's grid from the broker's equity samples
 * (taken at every fill and about once a minute of market time), as parallel arrays of numbers like Alpaca.
 */
export function portfolioHistory(broker: Broker, keyId: string, query: URLSearchParams): Record<string, unknown> {
  const account = broker.account(keyId);
  const timeframe = query.get('timeframe') ?? '15Min';
  const step = parseSpan(timeframe, UNIT_MS, 'timeframe');
  const end = query.get('end') ? Date.parse(query.get('end') ?? '') : broker.now();
  const period = query.get('period') ?? '1M';
  const start = query.get('start') ? Date.parse(query.get('start') ?? '') : end - parseSpan(period, PERIOD_MS, 'period');
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) throw invalidInput('invalid start or end');
  const samples = account.equitySamples;
  const first = samples[0];
  const from = Math.max(start, first ? Math.floor(first.t / step) * step : start);
  const timestamps: number[] = [];
  const equity: number[] = [];
  let index = 0;
  let current = first?.equity;
  for (let t = Math.ceil(from / step) * step; t <= end && timestamps.length < 10_000; t += step) {
    while (index < samples.length && (samples[index]?.t ?? Infinity) <= t) current = samples[index++]?.equity;
    if (!current) continue;
    timestamps.push(t);
    equity.push(current.toNumber());
  }
  const base = broker.startingCashOf().toNumber();
  return {
    timestamp: timestamps,
    equity,
    profit_loss: equity.map((value) => Number((value - base).toFixed(2))),
    profit_loss_pct: equity.map((value) => (base === 0 ? 0 : (value - base) / base)),
    base_value: base,
    timeframe,
  };
}
