/** Error thrown for an indicator parameter a trader can fix (code INDICATOR_PARAM). */
export class IndicatorParamError extends Error {
  readonly code = 'INDICATOR_PARAM';
  constructor(message: string) {
    super(message);
    this.name = 'IndicatorParamError';
  }
}

/** Checks that a period is a whole number of bars of at least `min`. */
export function checkPeriod(name: string, period: number, min = 1): number {
  if (!Number.isInteger(period) || period < min || period > 100_000) {
    throw new IndicatorParamError(`${name} must be a whole number of bars from ${min} to 100000, got ${period}`);
  }
  return period;
}

/** Checks that a multiplier is a finite positive number. */
export function checkPositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new IndicatorParamError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
