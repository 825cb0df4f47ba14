import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { ProviderChain, type BarRequest, type MarketDataProvider } from '../../../src-main/market-data/providers.js';
import type { DataSource } from '../../../src-shared/ipc/market-data-schemas.js';

const bar = (t: number): Bar => ({ t, o: 1, h: 2, l: 0.5, c: 1.5, v: 10 });
const request: BarRequest = { symbol: 'SER', timeframe: '1Min', start: 0, end: 10_000, limit: 10 };

/** A provider answering a fixed value (or throwing), counting how often it was asked. */
function provider(source: DataSource, answer: Bar[] | undefined | Error) {
  const p = {
    source,
    asked: 0,
    bars: (): Promise<Bar[] | undefined> => {
      p.asked++;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    snapshots: () => Promise.resolve(undefined),
  };
  return p satisfies MarketDataProvider;
}

describe('the provider chain when the exchange has no bars of a symbol', () => {
  it('lets the history store answer after an empty answer', async () => {
    const chain = new ProviderChain([provider('demo-exchange', []), provider('history-store', [bar(1), bar(2)]), provider('synthetic', [bar(9)])]);
    expect(await chain.bars(request)).toEqual({ source: 'history-store', value: [bar(1), bar(2)] });
  });

  it('answers the empty answer, never made-up bars, when the store has nothing either', async () => {
    const synthetic = provider('synthetic', [bar(9)]);
    const chain = new ProviderChain([provider('demo-exchange', []), provider('history-store', undefined), synthetic]);
    expect(await chain.bars(request)).toEqual({ source: 'demo-exchange', value: [] });
    expect(synthetic.asked).toBe(0);
  });

  it('keeps the empty answer when the store then fails', async () => {
    const chain = new ProviderChain([provider('alpaca', []), provider('history-store', new Error('disk I/O error')), provider('synthetic', [bar(9)])]);
    expect(await chain.bars(request)).toEqual({ source: 'alpaca', value: [] });
  });

  it('still falls back to the synthetic generator when nothing answered at all', async () => {
    const chain = new ProviderChain([provider('alpaca', new Error('unreachable')), provider('history-store', undefined), provider('synthetic', [bar(9)])]);
    expect(await chain.bars(request)).toEqual({ source: 'synthetic', value: [bar(9)] });
  });
});
