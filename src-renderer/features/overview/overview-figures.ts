import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { BotSummaryDto, StrategyFamilyName } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { MarketDataStatus } from '../../../src-shared/ipc/market-data-schemas.js';
import type { ServiceHealth } from '../../../src-shared/ipc/schemas.js';

export interface FamilyCount {
  family: StrategyFamilyName;
  bots: number;
  running: number;
  /** Distinct strategies its running bots run. */
  activeStrategies: number;
}

export interface BotCounts {
  bots: number;
  running: number;
  /** Distinct strategies over all running bots. */
  activeStrategies: number;
  /** Bots needing the trader (paused, halted, in error). */
  needAttention: number;
  byFamily: FamilyCount[];
}

/**
 * Bots and active strategies by family. A bot's family comes from its summary (main knows each strategy's family);
 * a bot without a summary yet counts under stock, the default family, until the next poll brings it.
 */
export function botCounts(bots: readonly BotDto[], summaries: readonly BotSummaryDto[]): BotCounts {
  const familyOf = new Map(summaries.map((s) => [s.id, s.family]));
  const families = new Map<StrategyFamilyName, { bots: number; running: number; strategies: Set<string> }>();
  const active = new Set<string>();
  let running = 0;
  let needAttention = 0;
  for (const bot of bots) {
    const family = familyOf.get(bot.id) ?? 'stock';
    const cell = families.get(family) ?? { bots: 0, running: 0, strategies: new Set<string>() };
    cell.bots++;
    if (bot.state === 'running') {
      cell.running++;
      cell.strategies.add(bot.strategy);
      active.add(bot.strategy);
      running++;
    }
    if (bot.state === 'paused' || bot.state === 'halted' || bot.state === 'error') needAttention++;
    families.set(family, cell);
  }
  const byFamily = [...families].map(([family, c]) => ({ family, bots: c.bots, running: c.running, activeStrategies: c.strategies.size })).sort((a, b) => b.bots - a.bots || (a.family < b.family ? -1 : 1));
  return { bots: bots.length, running, activeStrategies: active.size, needAttention, byFamily };
}

export interface AccountLike {
  equity: string;
  lastEquity: string;
  marks: ReadonlyArray<{ unrealizedPl: string | null }>;
}

export interface TradingFigures {
  /** The account's equity (cash plus positions at market): null before the account is read. */
  portfolioValue: number | null;
  /** Equity now against the previous session's close. */
  plToday: number | null;
  plTodayPct: number | null;
  /** Unrealised P&L of the account's open positions. */
  openPl: number | null;
  /** The bots' P&L since each started, realised plus unrealised, from their own ledgers. */
  botsPl: number;
  botsRealizedPl: number;
  /** Closed round trips over all bots, how many made money, and the share (null before the first). */
  trades: number;
  wins: number;
  winRate: number | null;
}

const num = (text: string | null | undefined): number => (text === null || text === undefined ? 0 : Number(text));

/** The account's value and day, and the bots' P&L and win rate, from the figures main already serves. */
export function tradingFigures(account: AccountLike | undefined, summaries: readonly BotSummaryDto[]): TradingFigures {
  let botsPl = 0;
  let botsRealizedPl = 0;
  let trades = 0;
  let wins = 0;
  for (const s of summaries) {
    botsPl += num(s.pl);
    botsRealizedPl += num(s.realizedPl);
    trades += s.trades;
    wins += s.wins;
  }
  const equity = account ? num(account.equity) : null;
  const last = account ? num(account.lastEquity) : null;
  const plToday = equity !== null && last !== null ? equity - last : null;
  return {
    portfolioValue: equity,
    plToday,
    plTodayPct: plToday !== null && last !== null && last > 0 ? plToday / last : null,
    openPl: account ? account.marks.reduce((sum, m) => sum + num(m.unrealizedPl), 0) : null,
    botsPl,
    botsRealizedPl,
    trades,
    wins,
    winRate: trades > 0 ? wins / trades : null,
  };
}

export interface DataSources {
  /** Where live data and history come from now (the market data service's word). */
  live: string | null;
  connection: string | null;
  detail: string | null;
  /** Watched symbols per source (a symbol on a fallback source shows here). */
  bySource: Array<{ source: string; symbols: number; stale: number }>;
  /** The provider chain as the service reports it (e.g. "demo-exchange → history-store"). */
  providers: string | null;
  /** The market data service's health. */
  state: ServiceHealth['state'] | null;
}

/** The data sources in use: the live source, per-symbol sources (fallbacks), and the provider chain from health. */
export function dataSources(status: MarketDataStatus | undefined, services: readonly ServiceHealth[]): DataSources {
  const counts = new Map<string, { symbols: number; stale: number }>();
  for (const s of status?.symbols ?? []) {
    const c = counts.get(s.source) ?? { symbols: 0, stale: 0 };
    c.symbols++;
    if (s.stale) c.stale++;
    counts.set(s.source, c);
  }
  const health = services.find((s) => s.name === 'market-data');
  const providers = health ? /providers ([^;]+)/.exec(health.detail)?.[1]?.trim() ?? null : null;
  return {
    live: status?.source ?? null,
    connection: status?.connection ?? null,
    detail: status?.detail ?? null,
    bySource: [...counts].map(([source, c]) => ({ source, ...c })).sort((a, b) => b.symbols - a.symbols || (a.source < b.source ? -1 : 1)),
    providers,
    state: health?.state ?? null,
  };
}
