import { useOpenTab } from '../../app/dock/tab-opener.js';
import { Figure } from '../../components/figure.js';
import { formatDuration } from '../../components/format.js';
import { useNow } from '../../hooks/use-now.js';
import { useSystemInfo } from '../../hooks/use-system-info.js';
import { botCounts, dataSources, tradingFigures } from './overview-figures.js';
import { useOverview } from './use-overview.js';
import './overview.css';

const money = (v: number | null, signed = false): string =>
  v === null ? '—' : `${signed && v > 0 ? '+' : ''}${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (v: number | null, signed = false): string => (v === null ? '—' : `${signed && v > 0 ? '+' : ''}${(100 * v).toFixed(2)}%`);
const tone = (v: number | null): string => (v === null || v === 0 ? '' : v > 0 ? 'ov-up' : 'ov-down');

const SOURCE_LABEL: Record<string, string> = { alpaca: 'Alpaca', 'demo-exchange': 'Demo exchange', catalog: 'Parquet catalog', 'history-store': 'History cache', synthetic: 'Synthetic (fallback)' };
const sourceName = (s: string | null): string => (s === null ? '—' : (SOURCE_LABEL[s] ?? s));

/**
 * The system at a glance: bots and the strategies they run (by family), how long main has run, the account's value
 * and day, the bots' P&L and win rate from their own ledgers, what the scanner found today, and where market data
 * comes from (the live source, fallbacks per symbol, the provider chain). Figures main already serves, polled.
 */
export function OverviewTab() {
  const data = useOverview();
  const info = useSystemInfo();
  const now = useNow();
  const open = useOpenTab();
  const counts = botCounts(data?.bots ?? [], data?.summaries ?? []);
  const figures = tradingFigures(data?.account, data?.summaries ?? []);
  const sources = dataSources(data?.status, data?.services ?? []);
  const scan = data?.opportunities;
  const uptime = info ? formatDuration(Math.max(0, now.getTime() - info.startedAt)) : '—';

  return (
    <div className="tab-body overview-tab" data-testid="overview-tab">
      <section className="ov-row">
        <Figure label="Uptime" value={uptime} testId="ov-uptime" />
        <Figure label="Mode" value={info?.mode ?? '—'} testId="ov-mode" />
        <Figure label="Portfolio value" value={money(figures.portfolioValue)} testId="ov-portfolio" />
        <div className={tone(figures.plToday)}>
          <Figure label="P&L today" value={`${money(figures.plToday, true)} (${pct(figures.plTodayPct, true)})`} testId="ov-pl-today" />
        </div>
        <div className={tone(figures.openPl)}>
          <Figure label="Open P&L (positions)" value={money(figures.openPl, true)} testId="ov-open-pl" />
        </div>
        <div className={tone(figures.botsPl)}>
          <Figure label="P&L total (bots)" value={money(figures.botsPl, true)} testId="ov-pl-total" />
        </div>
        <Figure label="Win rate (bots)" value={figures.winRate === null ? '—' : `${(100 * figures.winRate).toFixed(0)}% of ${figures.trades}`} testId="ov-win-rate" />
        <Figure label="Opportunities today" value={scan ? String(scan.discoveredToday) : '—'} testId="ov-opportunities-today" />
      </section>
      {data?.accountError ? (
        <div className="inline-error" data-testid="ov-account-error">
          account: {data.accountError}
        </div>
      ) : null}
      <div className="ov-panels">
        <section className="ov-panel" data-testid="ov-bots">
          <h3>
            Bots <b data-testid="ov-bots-total">{counts.bots}</b>, running <b data-testid="ov-bots-running">{counts.running}</b>, active strategies{' '}
            <b data-testid="ov-active-strategies">{counts.activeStrategies}</b>
            {counts.needAttention > 0 ? <span className="ov-attention"> · {counts.needAttention} need attention</span> : null}
          </h3>
          {counts.byFamily.length === 0 ? (
            <p className="ov-note">
              No bots yet.{' '}
              <button type="button" className="ov-link" onClick={() => open('bots')}>
                Create one in the Bots tab
              </button>
            </p>
          ) : (
            <table className="ov-table">
              <thead>
                <tr>
                  <th>Family</th>
                  <th>Bots</th>
                  <th>Running</th>
                  <th>Active strategies</th>
                </tr>
              </thead>
              <tbody>
                {counts.byFamily.map((f) => (
                  <tr key={f.family} data-testid="ov-family-row" data-family={f.family}>
                    <td>{f.family}</td>
                    <td className="num">{f.bots}</td>
                    <td className="num">{f.running}</td>
                    <td className="num">{f.activeStrategies}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="ov-note">
            Bots&apos; P&L realised {money(figures.botsRealizedPl, true)}; {figures.wins} of {figures.trades} closed round trips made money.
          </p>
        </section>
        <section className="ov-panel" data-testid="ov-scanner">
          <h3>Opportunity scanner</h3>
          {scan ? (
            <>
              <p>
                <b data-testid="ov-opportunities-now">{scan.list.opportunities.length}</b> running now over {scan.list.symbols} symbols
                {scan.list.asOf > 0 ? `, as of ${new Date(scan.list.asOf).toISOString().slice(0, 10)}` : ''}; {scan.discoveredToday} found today.
              </p>
              {scan.list.problem ? <p className="ov-note">{scan.list.problem}</p> : null}
              <button type="button" className="ov-link" onClick={() => open('opportunities')}>
                Open the Opportunities tab
              </button>
            </>
          ) : (
            <p className="ov-note">asking the scanner…</p>
          )}
        </section>
        <section className="ov-panel" data-testid="ov-sources">
          <h3>Data sources</h3>
          <p>
            Live: <b data-testid="ov-live-source">{sourceName(sources.live)}</b> ({sources.connection ?? '—'})
          </p>
          <p className="ov-note" data-testid="ov-providers">
            History chain: {sources.providers ?? '—'}
          </p>
          {sources.bySource.length > 0 ? (
            <ul className="ov-list">
              {sources.bySource.map((s) => (
                <li key={s.source} data-testid="ov-source-row" data-source={s.source}>
                  {sourceName(s.source)}: {s.symbols} watched symbols{s.stale > 0 ? `, ${s.stale} stale` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          {sources.detail ? <p className="ov-note">{sources.detail}</p> : null}
        </section>
      </div>
    </div>
  );
}
