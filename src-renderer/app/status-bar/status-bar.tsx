import { useConnectionState } from '../../hooks/use-connection-state.js';
import { useSystemInfo } from '../../hooks/use-system-info.js';
import { useSystemMetrics } from '../../hooks/use-system-metrics.js';
import { Clock } from './clock.js';

export function StatusBar() {
  const connection = useConnectionState();
  const info = useSystemInfo();
  const metrics = useSystemMetrics();
  const mode = metrics?.mode ?? info?.mode;

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-item mode-badge mode-${mode ?? 'unknown'}`}>
        <span className="status-label">Mode</span>
        <span data-testid="status-mode">{mode ?? '…'}</span>
      </span>
      <span className={`status-item connection connection-${connection}`}>
        <span className="connection-dot" aria-hidden="true" />
        <span data-testid="status-connection">{connection}</span>
      </span>
      {info ? (
        <span className="status-item muted">
          v{info.version} · {info.shell}
        </span>
      ) : null}
      <span className="status-spacer" />
      <Clock />
    </footer>
  );
}
