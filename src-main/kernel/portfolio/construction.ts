import type { Insight } from '../strategy/insight.js';
import type { PortfolioSettings } from '../strategy/portfolio-params.js';
import type { DecisionCode } from './decisions.js';

/** What the construction reads about one symbol; NaN where unknown. */
export interface SymbolFacts {
  price: number;
  /** Annualised volatility of its returns (volatility method). */
  volatility: number;
}

export interface Target {
  symbol: string;
  /** Signed whole shares (negative: short). */
  qty: number;
  /** Signed share of the capital. */
  weight: number;
  /** The insight's reason (or why the target is zero). */
  cause: string;
}

export interface Skipped {
  symbol: string;
  code: DecisionCode;
  reason: string;
  cause: string;
}

export interface Construction {
  targets: Target[];
  skipped: Skipped[];
}

const sign = (i: Insight): number => (i.direction === 'up' ? 1 : i.direction === 'down' ? -1 : 0);

/**
 * Portfolio construction: active insights to target positions within `capital` (the bot's equity, never the
 * account's). Managed symbols without an active insight get a zero target ("insight expired"). Weights: equal
 * (1/n of the non-flat insights), confidence (direction x confidence, scaled down when the gross passes 1) or
 * volatility-targeted (targetVolatility / volatility / n, scaled down when the gross passes 1); each capped at
 * maxWeight. Quantities are whole shares toward zero, so the gross never passes the capital at these prices.
 */
export function constructTargets(active: readonly Insight[], managed: readonly string[], capital: number, facts: (symbol: string) => SymbolFacts, settings: PortfolioSettings): Construction {
  const skipped: Skipped[] = [];
  const raw = new Map<string, { weight: number; insight: Insight }>();
  const directional = active.filter((i) => sign(i) !== 0 && (settings.allowShort || sign(i) > 0));
  for (const i of active) {
    if (sign(i) < 0 && !settings.allowShort) skipped.push({ symbol: i.symbol, code: 'SHORTING_OFF', reason: `a down insight on ${i.symbol} while short selling is off for this bot: target is flat`, cause: i.reason });
  }
  const n = directional.length;
  for (const i of directional) {
    let w: number;
    if (settings.method === 'equal') w = sign(i) / n;
    else if (settings.method === 'confidence') w = sign(i) * i.confidence;
    else {
      const vol = facts(i.symbol).volatility;
      if (!(vol > 0)) {
        skipped.push({ symbol: i.symbol, code: 'NO_DATA', reason: `no volatility for ${i.symbol} yet (too few bars): cannot size it to the volatility target`, cause: i.reason });
        continue;
      }
      w = (sign(i) * settings.targetVolatility) / vol / n;
    }
    raw.set(i.symbol, { weight: w, insight: i });
  }
  let gross = 0;
  for (const { weight } of raw.values()) gross += Math.abs(weight);
  const scale = gross > 1 ? 1 / gross : 1;
  const targets: Target[] = [];
  for (const [symbol, { weight, insight }] of raw) {
    const w = Math.sign(weight) * Math.min(Math.abs(weight * scale), settings.maxWeight);
    const price = facts(symbol).price;
    if (!(price > 0)) {
      skipped.push({ symbol, code: 'NO_DATA', reason: `no price for ${symbol}: cannot size its target`, cause: insight.reason });
      continue;
    }
    targets.push({ symbol, qty: Math.trunc((w * capital) / price), weight: w, cause: insight.reason });
  }
  const covered = new Set(targets.map((t) => t.symbol));
  for (const s of skipped) covered.add(s.symbol);
  for (const symbol of managed) {
    if (covered.has(symbol)) continue;
    const insight = active.find((i) => i.symbol === symbol);
    targets.push({ symbol, qty: 0, weight: 0, cause: insight ? `flat insight: ${insight.reason}` : 'its insight expired' });
  }
  // A skipped symbol (no price, shorting off) is flat too: it must not keep an old position by accident.
  for (const s of skipped) if (!targets.some((t) => t.symbol === s.symbol)) targets.push({ symbol: s.symbol, qty: 0, weight: 0, cause: s.reason });
  return { targets, skipped };
}
