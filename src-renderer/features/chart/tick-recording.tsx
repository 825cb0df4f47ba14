import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../../app/client-context.js';

/**
 * The chart symbol's tick recording (its live quotes and trades into the history store, for `backtest --ticks`): a
 * toggle showing whether main records it now. The state is main's list, read when the symbol changes and taken from
 * each answer, so two charts of one symbol agree after either is clicked and a refused switch shows why.
 */
export function TickRecordingToggle({ symbol }: { symbol: string }) {
  const client = useClient();
  const [recording, setRecording] = useState<readonly string[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    client
      .invoke('marketData.tickRecording', {})
      .then((r) => {
        if (!live) return;
        setRecording(r.symbols);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, symbol]);

  const on = recording?.includes(symbol) ?? false;
  const toggle = useCallback(() => {
    setBusy(true);
    client
      .invoke('marketData.recordTicks', { symbol, on: !on })
      .then((r) => {
        setRecording(r.symbols);
        setError(undefined);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  }, [client, symbol, on]);

  return (
    <span className="tick-recording">
      <button
        type="button"
        className={on ? 'toolbar-button active' : 'toolbar-button'}
        data-testid="chart-record-ticks"
        aria-pressed={on}
        disabled={busy || recording === undefined}
        title={on ? `Recording ${symbol}'s quotes and trades into the history store: click to stop` : `Record ${symbol}'s live quotes and trades into the history store (for quote-level backtests)`}
        onClick={toggle}
      >
        {on ? '● Recording ticks' : 'Record ticks'}
      </button>
      {error ? (
        <span className="inline-error" data-testid="chart-record-ticks-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
