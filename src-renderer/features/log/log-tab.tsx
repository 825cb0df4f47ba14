import { useMemo, useState } from 'react';
import type { LogLevel } from '../../../src-shared/ipc/schemas.js';
import { useLogTail } from '../../hooks/use-log-tail.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';
import { LogList } from '../../components/log-list.js';
import { LevelFilter } from './level-filter.js';

const LOG_LIMIT = 500;
const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function LogTab() {
  const { entries, error } = useLogTail(LOG_LIMIT);
  const [minimum, setMinimum] = useState<LogLevel>('debug');
  const exchangeOffsetMs = useMarketClock()?.offsetMs;
  const visible = useMemo(
    () => entries.filter((entry) => LEVEL_RANK[entry.level] >= LEVEL_RANK[minimum]),
    [entries, minimum],
  );

  return (
    <div className="tab-body log-tab" data-testid="log-tab">
      <div className="tab-toolbar">
        <LevelFilter value={minimum} onChange={setMinimum} />
        <span className="muted num" data-testid="log-count">
          {visible.length} / {entries.length}
        </span>
      </div>
      {error ? <div className="inline-error">{error}</div> : null}
      <LogList entries={visible} testId="log-list" {...(exchangeOffsetMs !== undefined ? { exchangeOffsetMs } : {})} />
    </div>
  );
}
