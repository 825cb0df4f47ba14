import { describe, expect, it } from 'vitest';
import type { OpportunityDto } from '../../../../src-shared/ipc/opportunities-schemas.js';
import { applyFilter, filterChoices, NO_FILTER, reconcileFilter, rowsOf } from '../../../../src-renderer/features/opportunities/opportunity-filter.js';

const opp = (symbol: string, strategy: string, family: OpportunityDto['family'], confidence: number): OpportunityDto => ({
  symbol,
  strategy,
  family,
  direction: 'up',
  confidence,
  rawConfidence: 0.5,
  expectedReturn: 0.01,
  horizon: 5,
  reason: `${strategy} on ${symbol}`,
  source: 'insight',
  regime: 'normal',
  generatedAt: 1,
  barsAgo: 0,
  calibratedOn: 'strategy',
  samples: 40,
});

const LIST = [opp('AAPL', 'rsi', 'stock', 0.71), opp('KO', 'pairs-trading', 'arbitrage', 0.64), opp('MSFT', 'rsi', 'stock', 0.58), opp('PEP', 'pairs-trading', 'arbitrage', 0.52), opp('XOM', 'swing', 'stock', 0.49)];

describe('the opportunities filter', () => {
  it('keeps the scanner rank on each row whatever is filtered out', () => {
    const rows = rowsOf(LIST);
    const shown = applyFilter(rows, { ...NO_FILTER, family: 'arbitrage' });
    expect(shown.map((r) => [r.symbol, r.rank])).toEqual([['KO', 2], ['PEP', 4]]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('narrows by family, strategy and the lowest calibrated confidence together', () => {
    const rows = rowsOf(LIST);
    expect(applyFilter(rows, NO_FILTER)).toHaveLength(5);
    expect(applyFilter(rows, { family: 'stock', strategy: 'rsi', minConfidence: 0.6 }).map((r) => r.symbol)).toEqual(['AAPL']);
    // The bound is inclusive: a row at exactly the threshold stays.
    expect(applyFilter(rows, { ...NO_FILTER, minConfidence: 0.58 }).map((r) => r.symbol)).toEqual(['AAPL', 'KO', 'MSFT']);
    expect(applyFilter(rows, { ...NO_FILTER, minConfidence: 0.9 })).toEqual([]);
  });

  it('offers only the strategies of the chosen family, with their row counts', () => {
    const rows = rowsOf(LIST);
    expect(filterChoices(rows, '')).toEqual({
      families: [{ value: 'arbitrage', count: 2 }, { value: 'stock', count: 3 }],
      strategies: [{ value: 'pairs-trading', count: 2 }, { value: 'rsi', count: 2 }, { value: 'swing', count: 1 }],
    });
    expect(filterChoices(rows, 'stock').strategies.map((s) => s.value)).toEqual(['rsi', 'swing']);
  });

  it('drops a chosen strategy or family the new list no longer has, and keeps a filter that still applies as it is', () => {
    const rows = rowsOf(LIST);
    const kept = { family: 'stock', strategy: 'rsi', minConfidence: 0.5 };
    expect(reconcileFilter(kept, rows)).toBe(kept);
    expect(reconcileFilter({ family: 'stock', strategy: 'pairs-trading', minConfidence: 0.5 }, rows)).toEqual({ family: 'stock', strategy: '', minConfidence: 0.5 });
    expect(reconcileFilter({ family: 'options', strategy: 'covered-call', minConfidence: 0 }, rows)).toEqual({ family: '', strategy: '', minConfidence: 0 });
  });
});
