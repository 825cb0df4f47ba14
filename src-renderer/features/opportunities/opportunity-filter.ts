import type { OpportunityDto } from '../../../src-shared/ipc/opportunities-schemas.js';

/** What the trader narrows the ranked list to; empty strings mean "any". */
export interface OpportunityFilter {
  family: string;
  strategy: string;
  /** Lowest calibrated confidence shown, 0..1. */
  minConfidence: number;
}

export const NO_FILTER: OpportunityFilter = { family: '', strategy: '', minConfidence: 0 };

/** A row of the grid: the scanner's row and its place in the full ranked list (rank stays put when filtered). */
export interface OpportunityRow extends OpportunityDto {
  id: string;
  rank: number;
}

/** The scanner's list as grid rows, each with a stable id (strategy and symbol: one running view per pair). */
export function rowsOf(opportunities: readonly OpportunityDto[]): OpportunityRow[] {
  return opportunities.map((o, i) => ({ ...o, id: `${o.strategy}|${o.symbol}`, rank: i + 1 }));
}

/** The rows passing the filter, in rank order. */
export function applyFilter(rows: readonly OpportunityRow[], filter: OpportunityFilter): OpportunityRow[] {
  return rows.filter(
    (r) => (filter.family === '' || r.family === filter.family) && (filter.strategy === '' || r.strategy === filter.strategy) && r.confidence >= filter.minConfidence,
  );
}

/**
 * The choices the filter offers: the families on the list, and the strategies on it (of the chosen family only,
 * so the two selects never contradict each other), each sorted and with its row count.
 */
export function filterChoices(rows: readonly OpportunityRow[], family: string): { families: Array<{ value: string; count: number }>; strategies: Array<{ value: string; count: number }> } {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, n]) => ({ value, count: n }));
  };
  return {
    families: count(rows.map((r) => r.family)),
    strategies: count(rows.filter((r) => family === '' || r.family === family).map((r) => r.strategy)),
  };
}

/**
 * A filter whose strategy is no longer on the list (or no longer of the chosen family) drops that part, so the
 * grid never shows an empty list for a choice the selects cannot display.
 */
export function reconcileFilter(filter: OpportunityFilter, rows: readonly OpportunityRow[]): OpportunityFilter {
  const { families, strategies } = filterChoices(rows, filter.family);
  const family = filter.family === '' || families.some((f) => f.value === filter.family) ? filter.family : '';
  const strategy = filter.strategy === '' || (family === filter.family && strategies.some((s) => s.value === filter.strategy)) ? filter.strategy : '';
  return family === filter.family && strategy === filter.strategy ? filter : { ...filter, family, strategy };
}
