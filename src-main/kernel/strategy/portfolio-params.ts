import { z } from 'zod';

/**
 * Parameters a strategy that emits insights may spread into its schema, so each bot (or run) chooses how its
 * insights become positions: `portfolioMethod` equal weight, confidence-weighted (scaled down when the total
 * passes 1, as LEAN does) or volatility-targeted (each position sized to `targetVolatility` a year, then scaled to
 * fit). The runtime reads these names from the parameters; a strategy without them gets the defaults.
 */
export const PORTFOLIO_METHODS = ['equal', 'confidence', 'volatility'] as const;
export type PortfolioMethod = (typeof PORTFOLIO_METHODS)[number];

export const portfolioParams = {
  portfolioMethod: z.enum(PORTFOLIO_METHODS).default('equal'),
  /** Annualised volatility each position aims at (volatility method). */
  targetVolatility: z.number().min(0.01).max(2).default(0.15),
  /** Largest share of the bot's capital in one symbol. */
  maxWeight: z.number().min(0.01).max(1).default(1),
  /** Short on `down` insights (else a down insight means flat). */
  allowShort: z.boolean().default(false),
  /** Orders of at least this share of the symbol's average volume per bar go to an algo (TWAP) instead. */
  algoVolumeShare: z.number().min(0.0001).max(10).default(0.05),
  /** 'limit': marketable limit orders at the last close plus (buys) or minus (sells) `limitOffsetBps`, a cap on slippage. */
  orderType: z.enum(['market', 'limit']).default('market'),
  limitOffsetBps: z.number().min(0).max(1_000).default(20),
} as const;

export interface PortfolioSettings {
  method: PortfolioMethod;
  targetVolatility: number;
  maxWeight: number;
  allowShort: boolean;
  algoVolumeShare: number;
  orderType: 'market' | 'limit';
  limitOffsetBps: number;
}

const schema = z.object(portfolioParams);

/** The portfolio settings in a strategy's parsed parameters (defaults for what it does not declare). */
export function portfolioSettings(params: unknown): PortfolioSettings {
  const source = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  const picked = Object.fromEntries(Object.keys(portfolioParams).filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
  const p = schema.parse(picked);
  return { method: p.portfolioMethod, targetVolatility: p.targetVolatility, maxWeight: p.maxWeight, allowShort: p.allowShort, algoVolumeShare: p.algoVolumeShare, orderType: p.orderType, limitOffsetBps: p.limitOffsetBps };
}
