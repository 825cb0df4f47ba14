import { useCallback, useEffect, useRef, useState } from 'react';
import type { MlModelSummary, MlPredictResponse, MlProgressEvent, MlTrainRequest } from '../../../src-shared/ipc/ml-schemas.js';
import { useClient } from '../../app/client-context.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The registry's models; `refresh` after a training. */
export function useModels(): { models: MlModelSummary[]; error: string | null; refresh(): void } {
  const client = useClient();
  const [models, setModels] = useState<MlModelSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    client
      .invoke('ml.models', {})
      .then((r) => live && (setModels(r.models), setError(null)))
      .catch((e: unknown) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [client, tick]);
  return { models, error, refresh: useCallback(() => setTick((t) => t + 1), []) };
}

let nextJob = 1;

/** One training at a time in main's ML worker: its progress events, the new model or the error, and cancel. */
export function useTraining(onTrained: (m: MlModelSummary) => void) {
  const client = useClient();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<MlProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<{ jobId: string; controller: AbortController } | null>(null);
  useEffect(
    () =>
      client.subscribe('ml.progress', (items) => {
        const mine = items.filter((p) => p.jobId === current.current?.jobId);
        if (mine.length > 0) setProgress(mine[mine.length - 1]!);
      }),
    [client],
  );
  useEffect(() => () => current.current?.controller.abort(), []);
  const start = useCallback(
    (request: MlTrainRequest) => {
      const jobId = `ml-${Date.now().toString(36)}-${nextJob++}`;
      const controller = new AbortController();
      current.current = { jobId, controller };
      setRunning(true);
      setError(null);
      setProgress(null);
      client
        .invoke('ml.train', { ...request, jobId }, { signal: controller.signal })
        .then((r) => current.current?.jobId === jobId && onTrained(r.model))
        .catch((e: unknown) => current.current?.jobId === jobId && setError(message(e)))
        .finally(() => current.current?.jobId === jobId && setRunning(false));
    },
    [client, onTrained],
  );
  const cancel = useCallback(() => current.current?.controller.abort(), []);
  return { running, progress, error, start, cancel };
}

/** The watchlists' symbols (all lists, each symbol once). */
export function useWatchlistSymbols(): string[] {
  const client = useClient();
  const [symbols, setSymbols] = useState<string[]>([]);
  useEffect(() => {
    client
      .invoke('marketData.watchlists', {})
      .then((r) => setSymbols([...new Set(r.watchlists.flatMap((w) => w.symbols))].slice(0, 200)))
      .catch(() => setSymbols([]));
  }, [client]);
  return symbols;
}

/** Predictions of `model` for `symbols`, fetched now and every `everyMs` (live: each poll reads the latest bars). */
export function usePredictions(model: string | null, symbols: string[], everyMs = 15_000): { result: MlPredictResponse | null; error: string | null } {
  const client = useClient();
  const [result, setResult] = useState<MlPredictResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = symbols.join(',');
  useEffect(() => {
    setResult(null);
    if (!model || key === '') return;
    const controller = new AbortController();
    const poll = () =>
      client
        .invoke('ml.predict', { model, symbols: key.split(',') }, { signal: controller.signal })
        .then((r) => (setResult(r), setError(null)))
        .catch((e: unknown) => !controller.signal.aborted && setError(message(e)));
    void poll();
    const timer = setInterval(() => void poll(), everyMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [client, model, key, everyMs]);
  return { result, error };
}
