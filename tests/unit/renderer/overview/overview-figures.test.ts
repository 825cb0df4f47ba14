import { describe, expect, it } from 'vitest';
import type { BotDto } from '../../../../src-shared/ipc/bots-schemas.js';
import type { BotSummaryDto } from '../../../../src-shared/ipc/bot-detail-schemas.js';
import type { MarketDataStatus } from '../../../../src-shared/ipc/market-data-schemas.js';
import { botCounts, dataSources, tradingFigures } from '../../../../src-renderer/features/overview/overview-figures.js';

const bot = (id: string, strategy: string, state: BotDto['state']): BotDto => ({
  id,
  name: id,
  strategy,
  params: {},
  symbols: ['AAPL'],
  timeframe: '1Min',
  allocation: '10000',
  state,
  reason: null,
  stateSince: 0,
  ordersSent: 0,
  createdAt: 0,
  updatedAt: 0,
});
const summary = (id: string, family: BotSummaryDto['family'], pl: string, realizedPl: string, trades: number, wins: number): BotSummaryDto => ({
  id,
  family,
  allocation: '10000',
  invested: '0',
  equity: '10000',
  realizedPl,
  unrealizedPl: String(Number(pl) - Number(realizedPl)),
  pl,
  trades,
  wins,
  winRate: trades > 0 ? wins / trades : null,
  openPositions: 0,
  locks: 0,
  lastDecisions: [],
});

describe('the Overview figures', () => {
  it('counts bots, running bots and distinct active strategies, per family from the summaries', () => {
    const bots = [bot('a', 'momentum', 'running'), bot('b', 'momentum', 'running'), bot('c', 'rsi', 'stopped'), bot('d', 'pairs-trading', 'running'), bot('e', 'covered-call', 'halted'), bot('f', 'swing', 'running')];
    const summaries = [summary('a', 'stock', '0', '0', 0, 0), summary('b', 'stock', '0', '0', 0, 0), summary('c', 'stock', '0', '0', 0, 0), summary('d', 'arbitrage', '0', '0', 0, 0), summary('e', 'options', '0', '0', 0, 0)];
    const counts = botCounts(bots, summaries);
    expect(counts).toMatchObject({ bots: 6, running: 4, activeStrategies: 3, needAttention: 1 });
    // 'f' has no summary yet: stock, the default family, until the next poll.
    expect(counts.byFamily).toEqual([
      { family: 'stock', bots: 4, running: 3, activeStrategies: 2 },
      { family: 'arbitrage', bots: 1, running: 1, activeStrategies: 1 },
      { family: 'options', bots: 1, running: 0, activeStrategies: 0 },
    ]);
    expect(botCounts([], [])).toEqual({ bots: 0, running: 0, activeStrategies: 0, needAttention: 0, byFamily: [] });
  });

  it('reads the day from equity against the last close, open P&L from the marks, and P&L and win rate from the bots', () => {
    const account = { equity: '101250.50', lastEquity: '100000', marks: [{ unrealizedPl: '300.25' }, { unrealizedPl: '-50' }, { unrealizedPl: null }] };
    const f = tradingFigures(account, [summary('a', 'stock', '120.5', '80', 4, 3), summary('b', 'arbitrage', '-20.25', '-20.25', 2, 0)]);
    expect(f.portfolioValue).toBe(101250.5);
    expect(f.plToday).toBeCloseTo(1250.5, 9);
    expect(f.plTodayPct).toBeCloseTo(0.012505, 9);
    expect(f.openPl).toBeCloseTo(250.25, 9);
    expect(f.botsPl).toBeCloseTo(100.25, 9);
    expect(f.botsRealizedPl).toBeCloseTo(59.75, 9);
    expect({ trades: f.trades, wins: f.wins, winRate: f.winRate }).toEqual({ trades: 6, wins: 3, winRate: 0.5 });
  });

  it('leaves what it cannot know empty: no account read, no closed trade', () => {
    const f = tradingFigures(undefined, [summary('a', 'stock', '0', '0', 0, 0)]);
    expect(f).toMatchObject({ portfolioValue: null, plToday: null, plTodayPct: null, openPl: null, winRate: null, trades: 0 });
  });

  it('names the live source, the watched symbols per source with stale ones, and the provider chain from health', () => {
    const status: MarketDataStatus = {
      at: 1,
      connection: 'connected',
      source: 'demo-exchange',
      marketOpen: true,
      symbols: [
        { symbol: 'SPY', source: 'demo-exchange', stale: false, lastMessageAt: 1 },
        { symbol: 'QQQ', source: 'demo-exchange', stale: true, lastMessageAt: 1 },
        { symbol: 'XOM', source: 'synthetic', stale: true, lastMessageAt: null },
      ],
      detail: 'live from demo-exchange',
    };
    const health = [{ name: 'market-data', state: 'ok' as const, detail: 'stream connected, 3 symbols; providers demo-exchange → history-store; the GUI shows fallback values', checkedAt: 1 }];
    expect(dataSources(status, health)).toEqual({
      live: 'demo-exchange',
      connection: 'connected',
      detail: 'live from demo-exchange',
      bySource: [
        { source: 'demo-exchange', symbols: 2, stale: 1 },
        { source: 'synthetic', symbols: 1, stale: 1 },
      ],
      providers: 'demo-exchange → history-store',
      state: 'ok',
    });
    expect(dataSources(undefined, [])).toMatchObject({ live: null, providers: null, bySource: [], state: null });
  });
});
