import { useSyncExternalStore } from 'react';

/** Where the Backtest tab sends optimisations: this machine, or the workers of a Redis queue. */
export interface QueueTarget {
  /** redis://HOST:PORT/DB (never a password: main adds WORKSTATION_REDIS_PASSWORD). */
  url: string;
  /** True: optimisations and walk-forwards run on the queue's workers. */
  enabled: boolean;
}

const KEY = 'workstation.backtest.queue';
const listeners = new Set<() => void>();
let current: QueueTarget = read();

function read(): QueueTarget {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<QueueTarget> | null;
    return { url: typeof parsed?.url === 'string' ? parsed.url : '', enabled: parsed?.enabled === true };
  } catch {
    return { url: '', enabled: false };
  }
}

export function setQueueTarget(next: QueueTarget): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or denied: the choice lasts until the page reloads.
  }
  for (const l of listeners) l();
}

/** The queue URL an optimisation should go to, or undefined to run here. */
export function queueForJobs(): string | undefined {
  return current.enabled && current.url.trim() !== '' ? current.url.trim() : undefined;
}

export function useQueueTarget(): QueueTarget {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
