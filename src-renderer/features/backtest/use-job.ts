import { useCallback, useEffect, useRef, useState } from 'react';
import type { BacktestProgress } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';

let nextJob = 1;

export interface JobState<T> {
  running: boolean;
  progress: BacktestProgress | null;
  result: T | null;
  error: string | null;
  start(call: (jobId: string, signal: AbortSignal) => Promise<T>): void;
  cancel(): void;
}

/** One job at a time (a run or an optimisation): its progress events, its result or error, and cancel. */
export function useJob<T>(): JobState<T> {
  const client = useClient();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<BacktestProgress | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<{ jobId: string; controller: AbortController } | null>(null);

  useEffect(
    () =>
      client.subscribe('backtest.progress', (items) => {
        const mine = items.filter((p) => p.jobId === current.current?.jobId);
        if (mine.length > 0) setProgress(mine[mine.length - 1]!);
      }),
    [client],
  );
  useEffect(() => () => current.current?.controller.abort(), []);

  const start = useCallback((call: (jobId: string, signal: AbortSignal) => Promise<T>) => {
    const jobId = `gui-${Date.now().toString(36)}-${nextJob++}`;
    const controller = new AbortController();
    current.current = { jobId, controller };
    setRunning(true);
    setError(null);
    setProgress(null);
    call(jobId, controller.signal)
      .then((value) => {
        if (current.current?.jobId === jobId) setResult(value);
      })
      .catch((e: unknown) => {
        if (current.current?.jobId === jobId) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (current.current?.jobId === jobId) setRunning(false);
      });
  }, []);
  const cancel = useCallback(() => current.current?.controller.abort(), []);
  return { running, progress, result, error, start, cancel };
}
