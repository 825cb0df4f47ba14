import type { LogEntry } from '../../src-shared/ipc/schemas.js';
import { formatExchangeLogTime, formatLogTime } from './format.js';

export interface LogListProps {
  entries: LogEntry[];
  testId: string;
  /** The exchange's clock minus main's wall clock: lines are stamped on the wall clock and shown on the exchange's. */
  exchangeOffsetMs?: number;
}

/** Newest first, so the latest entry is visible without scrolling. */
export function LogList({ entries, testId, exchangeOffsetMs = 0 }: LogListProps) {
  const newestFirst = [...entries].reverse();
  return (
    <div className="log-list" data-testid={testId}>
      {newestFirst.length === 0 ? <div className="log-empty">No log entries yet.</div> : null}
      {newestFirst.map((entry) => (
        <div key={entry.seq} className={`log-row log-${entry.level}`} data-testid="log-row">
          <span className="log-time num" data-testid="log-time" title={`host clock ${formatLogTime(entry.at)} (your zone)`}>
            {formatExchangeLogTime(entry.at + exchangeOffsetMs)}
          </span>
          <span className="log-level">{entry.level.toUpperCase()}</span>
          <span className="log-source">{entry.source}</span>
          <span className="log-message" title={entry.fields ? JSON.stringify(entry.fields) : undefined}>
            {entry.message}
          </span>
        </div>
      ))}
    </div>
  );
}
