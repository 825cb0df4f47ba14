import { useEffect, useState } from 'react';
import type { ChainResponse } from '../../../src-shared/ipc/options-schemas.js';
import { useClient } from '../../app/client-context.js';

/** How often the chain is read again: the options service publishes no events, so the tab polls. */
const POLL_MS = 5000;

/** The underlying's chain, read now and every few seconds; the last error, if the latest read failed. */
export function useChain(underlying: string): { chain: ChainResponse | null; error: string | null } {
  const client = useClient();
  const [chain, setChain] = useState<ChainResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setChain(null);
    const read = () => {
      client
        .invoke('options.chain', { underlying })
        .then((c) => {
          if (!live) return;
          setChain(c);
          setError(null);
        })
        .catch((e: unknown) => live && setError(`could not read the ${underlying} option chain: ${e instanceof Error ? e.message : String(e)}`));
    };
    read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, underlying]);
  return { chain, error };
}
