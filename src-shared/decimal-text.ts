import { Decimal as DecimalBase } from 'decimal.js';

/**
 * Decimal strings as the broker writes them and the contract accepts them: fixed-point, never exponent
 * notation, no trailing zeros ("0.000000009", "187.25", "-3"). `Decimal.toString()` switches to exponents below
 * 1e-7 ("9e-9"), which the contract's number check refuses; a position of dust once made every
 * `orders.positions` call fail. Everything that stores or sends a quantity, price or amount goes through here.
 */

/** Alpaca's fractional quantities carry up to 9 decimals (filled_qty "124.408348124" in the recorded payloads). */
export const QTY_PLACES = 9;
/**
 * Prices: order prices are whole cents from $1 and hundredths of a cent below, but the broker's average fill
 * prices carry more (7 decimals in the recorded payloads); 9 keeps every price it sends unrounded.
 */
export const PRICE_PLACES = 9;
/** Amounts (cost basis, P&L): qty x price, kept to the same 9 decimals; the blotter shows cents. */
export const AMOUNT_PLACES = 9;

/** Our own clone: no other module's Decimal settings change the rounding. */
const D = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });

/** A value this module can read: a decimal string (exponent form included), a number, or any decimal.js Decimal. */
export type DecimalInput = string | number | { toString(): string };

/** What the contract's number check accepts. */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * The value as a fixed-point string rounded (half up) to `places` decimals, trailing zeros trimmed, "-0" as "0".
 * Throws on something that is not a finite number: a stored amount that cannot be read is a bug to see, not a 0.
 */
export function decimalText(value: DecimalInput, places: number): string {
  const text = typeof value === 'string' ? value.trim() : value.toString();
  let parsed: DecimalBase;
  try {
    parsed = new D(text);
  } catch {
    throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
  }
  if (!parsed.isFinite()) throw new Error(`not a finite decimal number: ${JSON.stringify(text)}`);
  const fixed = parsed.toFixed(places, DecimalBase.ROUND_HALF_UP);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

export const qtyText = (value: DecimalInput): string => decimalText(value, QTY_PLACES);
export const priceText = (value: DecimalInput): string => decimalText(value, PRICE_PLACES);
export const amountText = (value: DecimalInput): string => decimalText(value, AMOUNT_PLACES);

/** For values read back from storage that may be null. */
export function nullablePriceText(value: DecimalInput | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : priceText(value);
}
