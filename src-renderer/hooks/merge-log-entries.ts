import type { LogEntry } from '../../src-shared/ipc/schemas.js';

/** Union by sequence number, oldest first, keeping only the newest `limit`. */
export function mergeLogEntries(current: LogEntry[], incoming: LogEntry[], limit: number): LogEntry[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, LogEntry>();
  for (const entry of current) bySeq.set(entry.seq, entry);
  for (const entry of incoming) bySeq.set(entry.seq, entry);
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}
