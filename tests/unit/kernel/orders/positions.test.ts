import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FLAT, applyFill, toPositionRecord } from '../../../../src-main/kernel/orders/positions.js';
import { positionsAgree } from '../../../../src-main/kernel/orders/reconciliation.js';

describe('positions from fills', () => {
  it('adds at an average, reduces at the average (realising P&L), and flips at the fill price, exactly', () => {
    let p = applyFill(FLAT(), 'buy', '0.1', '100.10');
    for (let i = 0; i < 9; i += 1) p = applyFill(p, 'buy', '0.1', '100.10');
    // Ten float additions of 0.1 would not make 1; decimals do.
    expect(p.qty.toString()).toBe('1');
    expect(p.costBasis.toString()).toBe('100.1');
    p = applyFill(p, 'buy', '2', '103.25');
    expect(toPositionRecord('X', p).avgEntryPrice).toBe('102.2');
    p = applyFill(p, 'sell', '1.5', '104');
    expect(p.qty.toString()).toBe('1.5');
    expect(p.realizedPl.toString()).toBe('2.7');
    p = applyFill(p, 'sell', '2.5', '105');
    expect(p.qty.toString()).toBe('-1');
    expect(p.costBasis.toString()).toBe('-105');
    expect(p.realizedPl.toString()).toBe('6.9');
    p = applyFill(p, 'buy', '1', '104.5');
    expect(p.qty.isZero()).toBe(true);
    expect(p.realizedPl.toString()).toBe('7.4');
  });

  it('agrees with the broker to the share fraction and the cent', () => {
    const local = { qty: new Decimal('1.5'), costBasis: new Decimal('153.304') };
    expect(positionsAgree(local, { qty: '1.5', costBasis: '153.30' })).toBe(true);
    expect(positionsAgree(local, { qty: '1.50001', costBasis: '153.30' })).toBe(false);
    expect(positionsAgree(local, { qty: '1.5', costBasis: '153.31' })).toBe(false);
  });
});
