import type { LogEntry } from '../../src-shared/ipc/schemas.js';
import { formatLogTime } from './format.js';

export interface LogListProps {
  entries: LogEntry[];
  testId: string;
}

/** Newest first, so the latest entry is visible without scrolling. */
export function LogList({ entries, testId }: LogListProps) {
  const newestFirst = [...entries].reverse();
  return (
    <div className="log-list" data-testid={testId}>
      {newestFirst.length === 0 ? <div className="log-empty">No log entries yet.</div> : null}
      {newestFirst.map((entry) => (
        <div key={entry.seq} className={`log-row log-${entry.level}`} data-testid="log-row">
          <span className="log-time num">{formatLogTime(entry.at)}</span>
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
