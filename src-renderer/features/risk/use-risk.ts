import { useCallback, useEffect, useRef, useState } from 'react';
import type { RebalancePreviewDto, RebalancePreviewRequest, RebalanceTradeDto, RiskReportDto } from '../../../src-shared/ipc/risk-report-schemas.js';
import { useClient } from '../../app/client-context.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The risk report, fetched on open and on `refresh`; a newer request cancels the one still running. */
export function useRiskReport(): { report: RiskReportDto | null; error: string | null; loading: boolean; refresh(): void } {
  const client = useClient();
  const [report, setReport] = useState<RiskReportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    client
      .invoke('risk.report', {}, { signal: controller.signal })
      .then((r) => (setReport(r), setError(null)))
      .catch((e: unknown) => !controller.signal.aborted && setError(message(e)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [client, tick]);
  return { report, error, loading, refresh: useCallback(() => setTick((t) => t + 1), []) };
}

function requestKey(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `rebalance-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface SendOutcome {
  symbol: string;
  ok: boolean;
  text: string;
}

/** The rebalance preview, and sending its trades through the ordinary order path (risk engine, algos). */
export function useRebalance() {
  const client = useClient();
  const [preview, setPreview] = useState<RebalancePreviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<SendOutcome[] | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);
  const run = useCallback(
    (request: RebalancePreviewRequest) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setBusy(true);
      setError(null);
      setSent(null);
      client
        .invoke('portfolio.rebalancePreview', request, { signal: controller.signal })
        .then((r) => setPreview(r))
        .catch((e: unknown) => !controller.signal.aborted && (setPreview(null), setError(message(e))))
        .finally(() => !controller.signal.aborted && setBusy(false));
    },
    [client],
  );
  const sendOne = useCallback(
    async (t: RebalanceTradeDto): Promise<SendOutcome> => {
      if (t.algo === 'twap') {
        // One minute a slice, as the bots' TWAP sends one slice a bar; each child passes the risk engine.
        const r = await client.invoke('orders.algoStart', { kind: 'twap', symbol: t.symbol, side: t.side, qty: t.qty, slices: t.slices ?? 2, durationMs: (t.slices ?? 2) * 60_000 });
        return { symbol: t.symbol, ok: r.ok, text: r.ok ? `TWAP started (${t.slices} slices)` : `${r.code}: ${r.message}` };
      }
      const intent = { symbol: t.symbol, side: t.side, type: 'market', timeInForce: 'day', qty: String(t.qty), extendedHours: false, orderClass: 'simple' } as const;
      const r = await client.invoke('orders.submit', { intent, requestKey: requestKey() });
      return { symbol: t.symbol, ok: r.ok, text: r.ok ? `sent (${r.order?.status ?? 'new'})` : `${r.code ?? 'REFUSED'}: ${r.message ?? ''}` };
    },
    [client],
  );
  const sendAll = useCallback(async () => {
    if (!preview) return;
    setBusy(true);
    const outcomes: SendOutcome[] = [];
    // One after another, reductions first as planned: a sale frees what a later buy needs.
    for (const t of preview.trades) {
      try {
        outcomes.push(await sendOne(t));
      } catch (e) {
        outcomes.push({ symbol: t.symbol, ok: false, text: message(e) });
      }
      setSent([...outcomes]);
    }
    setBusy(false);
  }, [preview, sendOne]);
  return { preview, error, busy, sent, run, sendAll };
}
