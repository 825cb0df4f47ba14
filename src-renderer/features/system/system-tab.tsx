import { useSystemMetrics } from '../../hooks/use-system-metrics.js';
import { useLogTail } from '../../hooks/use-log-tail.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';
import { Figure } from '../../components/figure.js';
import { LogList } from '../../components/log-list.js';
import { PanelSection } from '../../components/panel-section.js';
import { formatDuration, formatMiB, formatMs } from '../../components/format.js';
import { ServiceTable } from './service-table.js';

const RECENT_LOG_LIMIT = 50;
const PENDING = '—';

export function SystemTab() {
  const metrics = useSystemMetrics();
  const log = useLogTail(RECENT_LOG_LIMIT);
  const exchangeOffsetMs = useMarketClock()?.offsetMs;
  const loop = metrics?.loopDelay;
  const memory = metrics?.memory;

  return (
    <div className="tab-body system-tab" data-testid="system-tab">
      <PanelSection title="Process">
        <div className="figure-grid">
          <Figure label="Mode" value={metrics?.mode ?? PENDING} testId="system-mode" />
          <Figure label="Uptime" value={metrics ? formatDuration(metrics.uptimeMs) : PENDING} testId="system-uptime" />
          <Figure label="Loop p50" value={loop ? formatMs(loop.p50Ms) : PENDING} unit="ms" testId="system-loop-p50" />
          <Figure label="Loop p99" value={loop ? formatMs(loop.p99Ms) : PENDING} unit="ms" testId="system-loop-p99" />
          <Figure label="Loop max" value={loop ? formatMs(loop.maxMs) : PENDING} unit="ms" testId="system-loop-max" />
          <Figure label="RSS" value={memory ? formatMiB(memory.rssBytes) : PENDING} unit="MiB" testId="system-rss" />
          <Figure label="Heap used" value={memory ? formatMiB(memory.heapUsedBytes) : PENDING} unit="MiB" testId="system-heap-used" />
          <Figure label="Heap total" value={memory ? formatMiB(memory.heapTotalBytes) : PENDING} unit="MiB" testId="system-heap-total" />
        </div>
      </PanelSection>
      <PanelSection title="Services">
        <ServiceTable services={metrics?.services ?? []} />
      </PanelSection>
      <PanelSection title={`Recent log (last ${RECENT_LOG_LIMIT})`} grow>
        {log.error ? <div className="inline-error">{log.error}</div> : null}
        <LogList entries={log.entries} testId="system-log" {...(exchangeOffsetMs !== undefined ? { exchangeOffsetMs } : {})} />
      </PanelSection>
    </div>
  );
}
