import type { FillRecord } from '../../../src-shared/domain/order-record.js';
import { amountText } from '../../../src-shared/decimal-text.js';
import { roundTrips, type BotFigures } from '../bot-report.js';
import type { OptionLedger } from './option-ledger.js';

/**
 * An OptionsBot's figures for the Bots tab from its option ledger: dollars at 100 shares a contract, positions at
 * the ledger's marks, settlements at expiry counted as the closing trades they are (a contract that expired or was
 * assigned ends its round trip at no price).
 */
export function optionBotFigures(ledger: OptionLedger): BotFigures {
  const { positions, realizedPl, unrealizedPl, invested } = ledger.positionFigures();
  const closings: FillRecord[] = ledger.settlements().map((s) => ({
    executionId: `settlement:${s.symbol}:${s.date}`,
    brokerOrderId: '',
    clientOrderId: null,
    symbol: s.symbol,
    side: s.contracts.startsWith('-') ? 'buy' : 'sell',
    qty: s.contracts.replace('-', ''),
    price: '0',
    cumQty: s.contracts.replace('-', ''),
    // the close of the expiry day, after every trade of that day
    at: Date.parse(`${s.date}T21:00:00Z`),
    via: 'stream',
  }));
  const { trades, wins } = roundTrips([...ledger.fills(), ...closings]);
  return {
    cash: amountText(ledger.cash()),
    invested: amountText(invested),
    equity: amountText(ledger.equity()),
    realizedPl: amountText(realizedPl),
    unrealizedPl: amountText(unrealizedPl),
    pl: amountText(realizedPl.plus(unrealizedPl)),
    positions,
    trades,
    wins,
    winRate: trades > 0 ? wins / trades : null,
  };
}
