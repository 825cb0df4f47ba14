import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { protectionSettingsSchema } from '../../../src-shared/ipc/bot-framework-schemas.js';
import { MAX_BOT_SYMBOLS } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { z } from 'zod';

type Protections = z.input<typeof protectionSettingsSchema>;

/** The protections as typed: each on or off, its numbers as text (hours, counts, percent). */
export interface ProtectionsForm {
  cooldown: { on: boolean; hours: string };
  stoploss: { on: boolean; trades: string; lookbackHours: string; lockHours: string; scope: 'symbol' | 'bot' };
  drawdown: { on: boolean; percent: string; lookbackHours: string; lockHours: string };
  lowProfit: { on: boolean; percent: string; trades: string; lookbackHours: string; lockHours: string };
}

export function emptyProtections(): ProtectionsForm {
  return {
    cooldown: { on: false, hours: '24' },
    stoploss: { on: false, trades: '2', lookbackHours: '24', lockHours: '12', scope: 'symbol' },
    drawdown: { on: false, percent: '10', lookbackHours: '168', lockHours: '24' },
    lowProfit: { on: false, percent: '0', trades: '2', lookbackHours: '168', lockHours: '24' },
  };
}

/** The form's fields as typed (strings), before they become a `bots.save` request. */
export interface BotForm {
  name: string;
  strategy: string;
  params: Record<string, string>;
  symbols: string;
  /** '' means the strategy's own timeframe. */
  timeframe: Timeframe | '';
  /** Dollars the bot may have in use; '' means the default (10000) for a new bot. */
  allocation: string;
  protections: ProtectionsForm;
}

export interface BotSaveBody {
  name: string;
  strategy: string;
  params: Record<string, number | string | boolean>;
  symbols: string[];
  timeframe?: Timeframe;
  allocation?: string;
  protections?: Protections;
}

/** A problem in words and the field it is about (its test id suffix, so the form can focus it). */
export interface FormProblem {
  error: string;
  field: string;
}

export function defaultParams(strategy: StrategyInfoDto | undefined): Record<string, string> {
  return Object.fromEntries((strategy?.params ?? []).map((p) => [p.name, String(p.default)]));
}

export function emptyForm(strategy: StrategyInfoDto | undefined): BotForm {
  return { name: '', strategy: strategy?.name ?? '', params: defaultParams(strategy), symbols: '', timeframe: '', allocation: '', protections: emptyProtections() };
}

/**
 * The request the contract accepts, or the first problem in words. Numbers are checked against the schema's
 * range here so the trader sees the field's name before anything is sent; main checks everything again.
 */
export function botRequestOf(form: BotForm, strategy: StrategyInfoDto | undefined): { body?: BotSaveBody; error?: string; field?: string } {
  if (!strategy) return { error: 'choose a strategy', field: 'strategy' };
  const symbols = [...new Set(form.symbols.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
  if (symbols.length === 0) return { error: 'give at least one symbol, e.g. AAPL, or choose a universe', field: 'symbols' };
  const bad = symbols.find((s) => !/^[A-Z][A-Z0-9.-]{0,9}$/.test(s));
  if (bad) return { error: `"${bad}" is not a ticker such as AAPL or BRK.B`, field: 'symbols' };
  if (symbols.length > MAX_BOT_SYMBOLS) return { error: `a bot trades at most ${MAX_BOT_SYMBOLS} symbols (${symbols.length} given)`, field: 'symbols' };
  const least = strategy.minSymbols ?? 1;
  if (symbols.length < least) return { error: `${strategy.name} needs at least ${least} symbols (it compares them); ${symbols.length} given`, field: 'symbols' };
  const params: BotSaveBody['params'] = {};
  for (const p of strategy.params) {
    const text = form.params[p.name] ?? String(p.default);
    const field = `param-${p.name}`;
    if (p.kind === 'number') {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return { error: `${p.name} must be a number`, field };
      if (p.integer && !Number.isInteger(n)) return { error: `${p.name} must be a whole number`, field };
      if (n < p.min || n > p.max) return { error: `${p.name} must be between ${p.min} and ${p.max}`, field };
      params[p.name] = n;
    } else if (p.kind === 'boolean') {
      params[p.name] = text === 'true';
    } else {
      params[p.name] = text;
    }
  }
  const timeframe = form.timeframe === '' ? undefined : form.timeframe;
  if (timeframe !== undefined && !(TIMEFRAMES as readonly string[]).includes(timeframe)) return { error: `unknown timeframe ${timeframe}`, field: 'timeframe' };
  const allocation = form.allocation.trim().replace(/,/g, '');
  if (allocation !== '' && (!/^\d{1,12}(\.\d{1,2})?$/.test(allocation) || Number(allocation) <= 0)) return { error: 'allocation must be dollars such as 20000 or 2500.50', field: 'allocation' };
  const protections = protectionsOf(form.protections);
  if ('error' in protections) return protections;
  const shown = symbols.length > 4 ? `${symbols.slice(0, 3).join(' ')} +${symbols.length - 3}` : symbols.join(' ');
  const name = form.name.trim() || `${strategy.name} ${shown}`;
  return {
    body: {
      name: name.slice(0, 120),
      strategy: strategy.name,
      params,
      symbols,
      ...(timeframe ? { timeframe } : {}),
      ...(allocation ? { allocation } : {}),
      ...(Object.keys(protections.value).length > 0 ? { protections: protections.value } : {}),
    },
  };
}

/** A positive number of hours (at most a year), or the problem. */
function hoursOf(text: string, label: string, field: string): number | FormProblem {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 24 * 366) return { error: `${label} must be hours between 0 and 8784, e.g. 24`, field };
  return n;
}

function countOf(text: string, label: string, field: string): number | FormProblem {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100) return { error: `${label} must be a whole number from 1 to 100`, field };
  return n;
}

/** The protections switched on, as the contract takes them; each number checked with the field named. */
export function protectionsOf(p: ProtectionsForm): { value: Protections } | FormProblem {
  const value: Protections = {};
  const first = (...items: Array<number | FormProblem>): FormProblem | undefined => items.find((i): i is FormProblem => typeof i !== 'number');
  if (p.cooldown.on) {
    const hours = hoursOf(p.cooldown.hours, 'cooldown', 'prot-cooldown-hours');
    if (typeof hours !== 'number') return hours;
    value.cooldown = { hours };
  }
  if (p.stoploss.on) {
    const trades = countOf(p.stoploss.trades, 'stop-loss guard: stop-outs', 'prot-stoploss-trades');
    const lookback = hoursOf(p.stoploss.lookbackHours, 'stop-loss guard: window', 'prot-stoploss-lookback');
    const lock = hoursOf(p.stoploss.lockHours, 'stop-loss guard: lock', 'prot-stoploss-lock');
    const problem = first(trades, lookback, lock);
    if (problem) return problem;
    value.stoplossGuard = { trades: trades as number, lookbackHours: lookback as number, lockHours: lock as number, scope: p.stoploss.scope };
  }
  if (p.drawdown.on) {
    const pct = Number(p.drawdown.percent);
    if (!(pct > 0 && pct < 100)) return { error: 'max drawdown must be a percent above 0 and below 100, e.g. 10', field: 'prot-drawdown-percent' };
    const lookback = hoursOf(p.drawdown.lookbackHours, 'max drawdown: window', 'prot-drawdown-lookback');
    const lock = hoursOf(p.drawdown.lockHours, 'max drawdown: lock', 'prot-drawdown-lock');
    const problem = first(lookback, lock);
    if (problem) return problem;
    value.maxDrawdown = { maxDrawdown: pct / 100, lookbackHours: lookback as number, lockHours: lock as number };
  }
  if (p.lowProfit.on) {
    const pct = Number(p.lowProfit.percent);
    if (p.lowProfit.percent.trim() === '' || !Number.isFinite(pct) || pct < -100 || pct > 1000) return { error: 'low profit: minimum profit must be a percent from -100 to 1000, e.g. 0', field: 'prot-lowprofit-percent' };
    const trades = countOf(p.lowProfit.trades, 'low profit: trades', 'prot-lowprofit-trades');
    const lookback = hoursOf(p.lowProfit.lookbackHours, 'low profit: window', 'prot-lowprofit-lookback');
    const lock = hoursOf(p.lowProfit.lockHours, 'low profit: lock', 'prot-lowprofit-lock');
    const problem = first(trades, lookback, lock);
    if (problem) return problem;
    value.lowProfit = { minProfit: pct / 100, trades: trades as number, lookbackHours: lookback as number, lockHours: lock as number };
  }
  return { value };
}

/** Parameters in one line for the list: "fast=10 slow=30 size=100". */
export function describeParams(params: Record<string, number | string | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
