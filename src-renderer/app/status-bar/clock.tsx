import { useNow } from '../../hooks/use-now.js';
import { formatClock } from '../../components/format.js';

export function Clock() {
  const now = useNow();
  return (
    <>
      <span className="status-item">
        <span className="status-label">UTC</span>
        <span className="num" data-testid="status-clock-utc">{formatClock(now, 'utc')}</span>
      </span>
      <span className="status-item">
        <span className="status-label">Local</span>
        <span className="num" data-testid="status-clock-local">{formatClock(now, 'local')}</span>
      </span>
    </>
  );
}
