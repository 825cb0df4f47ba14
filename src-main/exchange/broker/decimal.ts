import { Decimal as DecimalBase } from 'decimal.js';

/**
 * Every price, quantity and cash amount of the broker is a Decimal of this clone: 40 significant digits so that
 * averages (the only divisions) stay exact to far below a cent, and a private clone so that no other module's
 * global Decimal settings change our arithmetic.
 */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

/** Alpaca's decimal strings: plain notation (never exponents), no trailing zeros. */
export function decStr(value: Decimal): string {
  const fixed = value.toFixed();
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

export function decOrNull(value: Decimal | null | undefined): string | null {
  return value === null || value === undefined ? null : decStr(value);
}

/** Parses a decimal given as a JSON string or number; undefined when absent or not a finite decimal. */
export function parseDecimal(raw: unknown): Decimal | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Decimal(raw) : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const value = new Decimal(raw.trim());
    return value.isFinite() ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Market-data prices are JSON numbers: convert through their shortest decimal text, never their binary value. */
export function fromNumber(value: number): Decimal {
  return new Decimal(String(value));
}
