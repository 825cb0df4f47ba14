import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { riskUsageSchema } from '../../src-shared/ipc/risk-schemas.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../kernel/risk/risk-types.js';
import type { SettingsStore } from '../storage/settings-store.js';
import type { appSettingSchemas } from '../storage/app-settings.js';
import type { OrderService } from './order-service.js';

type Usage = z.infer<typeof riskUsageSchema>;

export interface RiskHandlerDeps {
  orders: () => OrderService;
  settings: () => SettingsStore<typeof appSettingSchemas>;
}

/** How much of each limit the account uses now, from the broker's account and positions and the journal's peak. */
export async function usageOf(orders: OrderService): Promise<Usage> {
  const none: Usage = { largestPosition: null, grossExposure: null, dayLoss: null, drawdown: null, note: null };
  if (!orders.ready) return { ...none, note: 'orders are not started yet' };
  try {
    const { account, positions } = await orders.manager.accountSnapshot();
    let largest: { symbol: string; qty: Decimal } | undefined;
    let gross = new Decimal(0);
    for (const p of positions) {
      const qty = new Decimal(p.qty).abs();
      if (!largest || qty.gt(largest.qty)) largest = { symbol: p.symbol, qty };
      gross = gross.plus(new Decimal(p.marketValue ?? p.costBasis).abs());
    }
    const equity = new Decimal(account.equity);
    const dayPl = equity.minus(account.lastEquity);
    const peakText = orders.peakEquity();
    const peak = Decimal.max(peakText ? new Decimal(peakText) : equity, equity);
    return {
      largestPosition: largest ? { symbol: largest.symbol, qty: largest.qty.toString() } : null,
      grossExposure: gross.toFixed(2),
      dayLoss: (dayPl.isNegative() ? dayPl.neg() : new Decimal(0)).toFixed(2),
      drawdown: peak.gt(0) ? peak.minus(equity).div(peak).toFixed(4) : '0.0000',
      note: null,
    };
  } catch (error) {
    return { ...none, note: `the account could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Risk limits from Settings: read with the current usage, and changed (checked by the contract's schema, stored in
 * the settings, applied to the running engine at once and to each new one at start).
 */
export function createRiskHandlers(deps: RiskHandlerDeps): Omit<ContractHandlers['risk'], 'report'> {
  const answer = async () => ({ limits: deps.orders().riskLimits, defaults: { ...DEFAULT_RISK_LIMITS }, usage: await usageOf(deps.orders()) });
  return {
    limits: answer,
    setLimits: async (limits) => {
      const next: RiskLimits = { ...limits };
      deps.settings().set('risk.limits', next);
      deps.orders().applyRiskLimits(next);
      return answer();
    },
  };
}
