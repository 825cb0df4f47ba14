import { useEffect, useState } from 'react';
import type { Timeframe } from '../../../src-shared/domain/bar.js';
import type { StoredSeriesList } from '../../../src-shared/ipc/market-data-schemas.js';
import { useClient } from '../../app/client-context.js';

type Series = StoredSeriesList['series'][number];

/** The series the history store holds (imported with `workstation import`, or cached), asked when the chart opens. */
function useStoredSeries(): Series[] {
  const client = useClient();
  const [series, setSeries] = useState<Series[]>([]);
  useEffect(() => {
    client
      .invoke('marketData.storedSeries', {})
      .then((r) => setSeries(r.series))
      .catch(() => setSeries([]));
  }, [client]);
  return series;
}

const day = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * Picks a stored series: its symbol and timeframe together, since an imported series exists in one timeframe only
 * (a chart on 1Day shows nothing of 1Min bars). Hidden while the store holds nothing.
 */
export function StoredSeriesPicker({ onPick }: { onPick: (symbol: string, timeframe: Timeframe) => void }) {
  const series = useStoredSeries();
  if (series.length === 0) return null;
  return (
    <select
      data-testid="chart-stored"
      aria-label="Stored series"
      value=""
      onChange={(e) => {
        const chosen = series[Number(e.target.value)];
        if (chosen) onPick(chosen.symbol, chosen.timeframe);
      }}
    >
      <option value="">Stored series…</option>
      {series.map((s, i) => (
        <option key={`${s.symbol}|${s.timeframe}`} value={i}>
          {`${s.symbol} ${s.timeframe} (${day(s.first)} to ${day(s.last)})`}
        </option>
      ))}
    </select>
  );
}
