import { Decimal } from 'decimal.js';

/** An OCC option symbol: root (1-6 letters), expiry YYMMDD, C or P, strike x 1000 in 8 digits. */
export const OCC_SYMBOL_PATTERN = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

export interface OccParts {
  root: string;
  /** YYYY-MM-DD */
  expiration: string;
  right: 'C' | 'P';
  strike: Decimal;
}

/** The parts of an OCC symbol, exact; undefined when it is not one. */
export function occParts(symbol: string): OccParts | undefined {
  const m = OCC_SYMBOL_PATTERN.exec(symbol);
  if (!m) return undefined;
  return { root: m[1]!, expiration: `20${m[2]}-${m[3]}-${m[4]}`, right: m[5] === 'C' ? 'C' : 'P', strike: new Decimal(m[6]!).div(1000) };
}
