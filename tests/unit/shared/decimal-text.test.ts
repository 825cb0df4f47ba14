import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DECIMAL_TEXT, decimalText, nullablePriceText, priceText, qtyText } from '../../../src-shared/decimal-text.js';

describe('decimal text', () => {
  it('writes dust in fixed point where Decimal.toString() writes an exponent', () => {
    const dust = new Decimal('1.000000009').minus(1);
    expect(dust.toString()).toBe('9e-9');
    expect(qtyText(dust)).toBe('0.000000009');
    expect(qtyText(dust.neg())).toBe('-0.000000009');
    expect(DECIMAL_TEXT.test(qtyText(dust))).toBe(true);
  });

  it('reads exponent forms stored by older builds', () => {
    expect(qtyText('9e-9')).toBe('0.000000009');
    expect(qtyText('-1.5e-8')).toBe('-0.000000015');
    expect(qtyText('1e+21')).toBe('1000000000000000000000');
    expect(priceText(' 187.2500 ')).toBe('187.25');
  });

  it('trims trailing zeros and never writes -0', () => {
    expect(qtyText('10.000')).toBe('10');
    expect(qtyText('0.100')).toBe('0.1');
    expect(qtyText('-0.0000000001')).toBe('0');
    expect(qtyText(new Decimal(0).neg())).toBe('0');
  });

  it('rounds half up at the places given (9 for quantities and prices)', () => {
    expect(qtyText('0.0000000015')).toBe('0.000000002');
    expect(priceText(new Decimal('100.1').div(3))).toBe('33.366666667');
    expect(decimalText('2.345', 2)).toBe('2.35');
    expect(decimalText(12.5, 0)).toBe('13');
  });

  it('refuses what is not a number instead of writing 0', () => {
    expect(() => qtyText('abc')).toThrow(/not a decimal/);
    expect(() => qtyText('Infinity')).toThrow(/finite/);
    expect(nullablePriceText(null)).toBeNull();
    expect(nullablePriceText('1e-7')).toBe('0.0000001');
  });
});
