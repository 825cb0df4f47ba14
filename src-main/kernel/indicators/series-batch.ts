/** A streaming indicator over one input series. */
export interface SeriesIndicator {
  update(x: number): number;
}

/** The batch form of a one-input indicator: element i is the streaming value after values[i] (NaN until warm). */
export function seriesBatch(indicator: SeriesIndicator, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}
