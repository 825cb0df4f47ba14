import { describe, expect, it } from 'vitest';
import { orderRow, type OrderWire } from '../../../../src-renderer/features/blotter/blotter-rows.js';
import { formatExchangeLogTime, formatExchangeTime } from '../../../../src-renderer/components/format.js';

const WALL = Date.parse('2026-12-02T12:55:00Z');
const EXCHANGE = Date.parse('2024-03-06T15:00:09Z'); // 10:00:09 in New York
const order = (updatedAt: number, brokerUpdatedAt: number | null): OrderWire => ({
  clientOrderId: 'ws-1',
  brokerOrderId: 'b-1',
  source: 'ticket',
  intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '3' },
  status: 'filled',
  filledQty: '3',
  filledAvgPrice: '159.62',
  brokerUpdatedAt,
  createdAt: updatedAt,
  updatedAt,
  external: false,
  rejectCode: null,
  rejectMessage: null,
  replacesClientOrderId: null,
  parentClientOrderId: null,
});

describe("order times on the exchange's clock", () => {
  it("moves main's wall-clock stamp onto the exchange's clock (a demo replaying 2024 at 10:00 New York)", () => {
    const offset = EXCHANGE - WALL;
    const row = orderRow(order(WALL, null), offset);
    expect(row.updatedAt).toBe(WALL);
    expect(formatExchangeTime(row.exchangeAt)).toBe('10:00:09 ET');
  });

  it("takes the broker's stamp when it is the later one, and main's when it changed the order since", () => {
    const offset = EXCHANGE - WALL;
    expect(orderRow(order(WALL, EXCHANGE + 2_000), offset).exchangeAt).toBe(EXCHANGE + 2_000);
    expect(orderRow(order(WALL + 60_000, EXCHANGE), offset).exchangeAt).toBe(EXCHANGE + 60_000);
    // Without a market clock reading yet: the wall clock, still in the exchange's zone.
    expect(orderRow(order(WALL, null)).exchangeAt).toBe(WALL);
  });

  it('log lines: to the millisecond, labelled ET', () => {
    expect(formatExchangeLogTime(EXCHANGE + 45)).toBe('10:00:09.045 ET');
  });
});
