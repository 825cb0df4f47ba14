import { describe, expect, it } from 'vitest';
import { accountRows, orderRow, positionRows } from '../../../../src-renderer/features/blotter/blotter-rows.js';

describe('blotter rows', () => {
  it('marks positions exactly: unrealised = qty x price - cost basis, shorts included', () => {
    const rows = positionRows(
      [
        { symbol: 'AAPL', qty: '3', costBasis: '300.30', avgEntryPrice: '100.1', realizedPl: '0.1' },
        { symbol: 'TSLA', qty: '-2', costBasis: '-400', avgEntryPrice: '200', realizedPl: '-5' },
        { symbol: 'SPY', qty: '1', costBasis: '500', avgEntryPrice: '500', realizedPl: '0' },
      ],
      [
        { symbol: 'AAPL', currentPrice: '100.2', marketValue: '300.6', unrealizedPl: '0.3' },
        { symbol: 'TSLA', currentPrice: '210', marketValue: '-420', unrealizedPl: '-20' },
      ],
    );
    expect(rows.map((r) => [r.symbol, r.marketValue, r.unrealizedPl, r.realizedPl])).toEqual([
      ['AAPL', '300.60', '0.30', '0.10'],
      ['TSLA', '-420.00', '-20.00', '-5.00'],
      ['SPY', '', '', '0.00'],
    ]);
  });

  it('shows an order by its intent, open or not, with its parent and reason', () => {
    const row = orderRow({
      clientOrderId: 'ws-1',
      brokerOrderId: 'b-1',
      source: 'algo:twap-1',
      intent: { symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'day', notional: '250' },
      status: 'rejected',
      filledQty: '0',
      filledAvgPrice: null,
      brokerUpdatedAt: null,
      createdAt: 1,
      updatedAt: 2,
      external: false,
      rejectCode: 'BUYING_POWER',
      rejectMessage: 'too big',
      replacesClientOrderId: null,
      parentClientOrderId: 'twap-1',
    });
    expect(row).toMatchObject({ qty: '$250', open: false, parent: 'twap-1', reject: 'BUYING_POWER: too big', orderClass: 'simple' });
  });

  it('derives the day P&L from equity and last equity', () => {
    const rows = accountRows({ status: 'ACTIVE', cash: '1000', buyingPower: '2000', equity: '10100.5', lastEquity: '10200', longMarketValue: '9100.5', shortMarketValue: '0', tradingBlocked: false, marks: [] });
    expect(rows.find((r) => r.name === 'Day P&L')?.value).toBe('-99.50');
  });
});
