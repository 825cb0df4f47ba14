import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';

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
}

export interface BotSaveBody {
  name: string;
  strategy: string;
  params: Record<string, number | string | boolean>;
  symbols: string[];
  timeframe?: Timeframe;
  allocation?: string;
}

export function defaultParams(strategy: StrategyInfoDto | undefined): Record<string, string> {
  return Object.fromEntries((strategy?.params ?? []).map((p) => [p.name, String(p.default)]));
}

export function emptyForm(strategy: StrategyInfoDto | undefined): BotForm {
  return { name: '', strategy: strategy?.name ?? '', params: defaultParams(strategy), symbols: '', timeframe: '', allocation: '' };
}

/**
 * The request the contract accepts, or the first problem in words. Numbers are checked against the schema's
 * range here so the trader sees the field's name before anything is sent; main checks everything again.
 */
export function botRequestOf(form: BotForm, strategy: StrategyInfoDto | undefined): { body?: BotSaveBody; error?: string } {
  if (!strategy) return { error: 'choose a strategy' };
  const symbols = [...new Set(form.symbols.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
  if (symbols.length === 0) return { error: 'give at least one symbol, e.g. AAPL' };
  const bad = symbols.find((s) => !/^[A-Z][A-Z0-9.-]{0,9}$/.test(s));
  if (bad) return { error: `"${bad}" is not a ticker such as AAPL or BRK.B` };
  const params: BotSaveBody['params'] = {};
  for (const p of strategy.params) {
    const text = form.params[p.name] ?? String(p.default);
    if (p.kind === 'number') {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return { error: `${p.name} must be a number` };
      if (p.integer && !Number.isInteger(n)) return { error: `${p.name} must be a whole number` };
      if (n < p.min || n > p.max) return { error: `${p.name} must be between ${p.min} and ${p.max}` };
      params[p.name] = n;
    } else if (p.kind === 'boolean') {
      params[p.name] = text === 'true';
    } else {
      params[p.name] = text;
    }
  }
  const timeframe = form.timeframe === '' ? undefined : form.timeframe;
  if (timeframe !== undefined && !(TIMEFRAMES as readonly string[]).includes(timeframe)) return { error: `unknown timeframe ${timeframe}` };
  const allocation = form.allocation.trim().replace(/,/g, '');
  if (allocation !== '' && (!/^\d{1,12}(\.\d{1,2})?$/.test(allocation) || Number(allocation) <= 0)) return { error: 'allocation must be dollars such as 20000 or 2500.50' };
  const name = form.name.trim() || `${strategy.name} ${symbols.join(' ')}`;
  return { body: { name, strategy: strategy.name, params, symbols, ...(timeframe ? { timeframe } : {}), ...(allocation ? { allocation } : {}) } };
}

/** Parameters in one line for the list: "fast=10 slow=30 size=100". */
export function describeParams(params: Record<string, number | string | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
