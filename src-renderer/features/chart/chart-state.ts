import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { IndicatorChoice } from './use-indicators.js';

/** Guards for a chart tab's state as saved with the layout (any version may have written it). */
export function isTimeframe(value: unknown): value is Timeframe {
  return (TIMEFRAMES as readonly unknown[]).includes(value);
}

export function isChartSymbol(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z][A-Z0-9.-]{0,9}$/.test(value);
}

export function isIndicatorChoices(value: unknown): value is IndicatorChoice[] {
  return (
    Array.isArray(value) &&
    value.length <= 32 &&
    value.every((c: unknown) => {
      if (typeof c !== 'object' || c === null) return false;
      const { key, id, params } = c as Record<string, unknown>;
      return typeof key === 'string' && typeof id === 'string' && typeof params === 'object' && params !== null && Object.values(params).every((v) => typeof v === 'number');
    })
  );
}

/** A key no saved choice holds, so indicators added after a reload never collide with restored ones. */
export function choiceKey(id: string, taken: readonly IndicatorChoice[]): string {
  let n = taken.length + 1;
  while (taken.some((c) => c.key === `${id}-${n}`)) n++;
  return `${id}-${n}`;
}
