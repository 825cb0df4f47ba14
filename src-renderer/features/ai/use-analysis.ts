import { useCallback, useEffect, useRef, useState } from 'react';
import type { LlmAnalysis } from '../../../src-shared/ipc/llm-schemas.js';
import { useClient } from '../../app/client-context.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One analysis at a time in main: its result or its coded error, and cancel. */
export function useAnalysis() {
  const client = useClient();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<LlmAnalysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);
  const start = useCallback(
    (symbol: string, model: string) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      setRunning(true);
      setError(null);
      // The last symbol's analysis goes: a failed request must not leave it on screen as if it were the new one.
      setResult(null);
      client
        .invoke('llm.analyze', { symbol, ...(model.trim() ? { model: model.trim() } : {}) }, { signal: controller.signal })
        .then((r) => current.current === controller && setResult(r))
        .catch((e: unknown) => current.current === controller && setError(message(e)))
        .finally(() => current.current === controller && setRunning(false));
    },
    [client],
  );
  const cancel = useCallback(() => current.current?.abort(), []);
  return { running, result, error, start, cancel };
}
