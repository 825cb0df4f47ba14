import { useState } from 'react';
import type { BotDetailDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { useClient } from '../../app/client-context.js';
import { formatExchangeDateTime } from '../../components/format.js';
import { allocationUsed, dollars, plClass, signedDollars, winRate } from './bot-figures.js';
import { BotEquityChart } from './bot-equity-chart.js';
import { BotMicrostructure } from './bot-microstructure.js';
import { decisionWords } from './decision-text.js';
import { usePoll } from '../../hooks/use-poll.js';

const DETAIL_EVERY_MS = 2_000;

function num(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: Math.min(2, digits) });
}

/**
 * One bot in full: its figures, warm-up progress, the indicator values its strategy reads, positions, equity curve,
 * protection locks (with reason and end; the trader can lift one), decisions (orders with their cause, and signals
 * that did not become orders, with why), its orders and their fills. Polled while open.
 */
export function BotDetailPanel({ bot, onClose }: { bot: BotDto; onClose: () => void }) {
  const client = useClient();
  const [detail, setDetail] = useState<BotDetailDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  usePoll(
    (c) => c.invoke('bots.detail', { id: bot.id, limit: 200 }),
    (d) => {
      setDetail(d);
      setError(null);
    },
    DETAIL_EVERY_MS,
    `${bot.id}|${refresh}`,
    setError,
  );

  const lift = async (lockId: string): Promise<void> => {
    try {
      await client.invoke('bots.unlock', { id: bot.id, lockId });
      setRefresh((n) => n + 1);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };

  const s = detail?.summary;
  return (
    <div className="bot-detail" data-testid="bot-detail" data-bot-id={bot.id}>
      <div className="bot-detail-head">
        <span>
          {bot.strategy} on {bot.symbols.length} symbol{bot.symbols.length === 1 ? '' : 's'}, {bot.timeframe} bars, <span className={`bot-state bot-state-${bot.state}`}>{bot.state}</span>
        </span>
        <button className="button" type="button" data-testid="bot-detail-close" onClick={onClose}>
          Close
        </button>
      </div>
      {error ? (
        <div className="inline-error" role="alert" data-testid="bot-detail-error">
          {error}
        </div>
      ) : null}
      {!detail || !s ? (
        <div className="muted">Loading…</div>
      ) : (
        <>
          <dl className="bot-figures" data-testid="bot-detail-figures">
            <dt>Allocation used</dt>
            <dd>{allocationUsed(s)}</dd>
            <dt>Cash</dt>
            <dd>{dollars(detail.cash)}</dd>
            <dt>Equity</dt>
            <dd data-testid="bot-detail-equity">{dollars(s.equity)}</dd>
            <dt>P&amp;L</dt>
            <dd className={plClass(s.pl)} data-testid="bot-detail-pl">
              {signedDollars(s.pl)} <span className="muted">(realised {signedDollars(s.realizedPl)}, unrealised {signedDollars(s.unrealizedPl)})</span>
            </dd>
            <dt>Win rate</dt>
            <dd>{winRate(s)}</dd>
            <dt>Open positions</dt>
            <dd>{s.openPositions}</dd>
          </dl>

          <h4>Warm-up</h4>
          {detail.warmup ? (
            <div data-testid="bot-warmup">
              <progress max={Math.max(1, detail.warmup.symbols.length)} value={detail.warmup.ready} aria-label="symbols warmed up" />{' '}
              {detail.warmup.ready} of {detail.warmup.symbols.length} symbols hold the {detail.warmup.needed} bars the strategy needs
              <details>
                <summary>Bars per symbol</summary>
                <table className="bots-list compact">
                  <thead>
                    <tr>
                      <th>Symbol</th>
                      <th className="num">Bars</th>
                      <th className="num">Last close</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.warmup.symbols.map((w) => (
                      <tr key={w.symbol}>
                        <td>{w.symbol}</td>
                        <td className="num">{w.bars}</td>
                        <td className="num">{num(w.lastClose)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </div>
          ) : (
            <div className="muted">Not running: warm-up and indicators are shown while the bot runs.</div>
          )}

          <h4>Indicators</h4>
          {detail.indicators.length === 0 ? (
            <div className="muted" data-testid="bot-indicators-none">
              {detail.warmup ? `${bot.strategy} reads no library indicators (it computes from the bars themselves).` : '—'}
            </div>
          ) : (
            <table className="bots-list compact" data-testid="bot-indicators">
              <thead>
                <tr>
                  <th>Symbol</th>
                  <th>Indicator</th>
                  <th>Values</th>
                </tr>
              </thead>
              <tbody>
                {detail.indicators.map((ind, i) => (
                  <tr key={`${ind.symbol}-${ind.name}-${i}`}>
                    <td>{ind.symbol}</td>
                    <td>{ind.name}</td>
                    <td>
                      {Object.entries(ind.lines)
                        .map(([k, v]) => `${k} ${num(v, 4)}`)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {detail.microstructure ? <BotMicrostructure view={detail.microstructure} /> : null}

          <h4>Equity</h4>
          <BotEquityChart points={detail.equity} allocation={Number(s.allocation)} />

          <h4>Positions</h4>
          {detail.positions.length === 0 ? (
            <div className="muted">None.</div>
          ) : (
            <table className="bots-list compact" data-testid="bot-positions">
              <thead>
                <tr>
                  <th>Symbol</th>
                  <th className="num">Qty</th>
                  <th className="num">Avg entry</th>
                  <th className="num">Last</th>
                  <th className="num">Unrealised</th>
                </tr>
              </thead>
              <tbody>
                {detail.positions.map((p) => (
                  <tr key={p.symbol} data-testid="bot-position">
                    <td>{p.symbol}</td>
                    <td className="num">{Number(p.qty)}</td>
                    <td className="num">{dollars(p.avgEntryPrice)}</td>
                    <td className="num">{p.lastPrice === null ? '—' : dollars(p.lastPrice)}</td>
                    <td className={`num ${plClass(p.unrealizedPl)}`}>{signedDollars(p.unrealizedPl)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h4>Locks</h4>
          {detail.locks.length === 0 ? (
            <div className="muted" data-testid="bot-locks-none">
              No protection has locked this bot.
            </div>
          ) : (
            <table className="bots-list compact" data-testid="bot-lock-list">
              <thead>
                <tr>
                  <th>Scope</th>
                  <th>Protection</th>
                  <th>Reason</th>
                  <th>Until</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {detail.locks.map((l) => {
                  const inForce = l.liftedAt === undefined && l.until > detail.clock;
                  return (
                    <tr key={l.id} data-testid="bot-lock" data-in-force={inForce}>
                      <td>{l.scope === '*' ? 'whole bot' : l.scope}</td>
                      <td>{l.protection}</td>
                      <td>{l.reason}</td>
                      <td>{l.liftedAt !== undefined ? `lifted ${formatExchangeDateTime(l.liftedAt)}` : formatExchangeDateTime(l.until)}</td>
                      <td>
                        {inForce ? (
                          <button className="button" type="button" data-testid="bot-lock-lift" aria-label={`Lift the ${l.protection} lock on ${l.scope === '*' ? 'the whole bot' : l.scope}`} onClick={() => void lift(l.id)}>
                            Lift
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}

          <h4>Decisions</h4>
          {detail.decisions.length === 0 ? (
            <div className="muted">No signal yet.</div>
          ) : (
            <table className="bots-list compact" data-testid="bot-decisions">
              <thead>
                <tr>
                  <th>Time (ET)</th>
                  <th>Signal</th>
                  <th>Outcome</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {detail.decisions.map((d, i) => (
                  <tr key={`${d.t}-${i}`} data-testid="bot-decision" data-code={d.code}>
                    <td>{formatExchangeDateTime(d.t)}</td>
                    <td>{[d.side, d.qty, d.symbol].filter((x) => x !== undefined).join(' ')}</td>
                    <td className={d.code === 'ORDER_SENT' ? '' : 'pl-down'}>
                      {decisionWords(d.code)}: {d.reason}
                    </td>
                    <td className="bot-reason">{d.cause ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h4>Orders</h4>
          {detail.orders.length === 0 ? (
            <div className="muted">No orders yet.</div>
          ) : (
            <table className="bots-list compact" data-testid="bot-orders-list">
              <thead>
                <tr>
                  <th title="The broker's time of its last change (the exchange's clock in demo)">Updated (ET)</th>
                  <th>Symbol</th>
                  <th>Side</th>
                  <th className="num">Qty</th>
                  <th>Type</th>
                  <th>Status</th>
                  <th className="num">Filled</th>
                  <th className="num">Avg price</th>
                </tr>
              </thead>
              <tbody>
                {detail.orders.map((o) => (
                  <tr key={o.clientOrderId} data-testid="bot-order" data-status={o.status}>
                    <td>{formatExchangeDateTime(o.brokerUpdatedAt ?? o.updatedAt)}</td>
                    <td>{String(o.intent.symbol ?? '')}</td>
                    <td>{String(o.intent.side ?? '')}</td>
                    <td className="num">{String(o.intent.qty ?? o.intent.notional ?? '')}</td>
                    <td>{String(o.intent.type ?? '')}</td>
                    <td>{o.status}</td>
                    <td className="num">{Number(o.filledQty)}</td>
                    <td className="num">{o.filledAvgPrice === null ? '—' : dollars(o.filledAvgPrice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h4>Fills</h4>
          {detail.fills.length === 0 ? (
            <div className="muted">No fills yet.</div>
          ) : (
            <table className="bots-list compact" data-testid="bot-fills">
              <thead>
                <tr>
                  <th>Time (ET)</th>
                  <th>Symbol</th>
                  <th>Side</th>
                  <th className="num">Qty</th>
                  <th className="num">Price</th>
                </tr>
              </thead>
              <tbody>
                {detail.fills.map((f) => (
                  <tr key={f.executionId} data-testid="bot-fill">
                    <td>{formatExchangeDateTime(f.at)}</td>
                    <td>{f.symbol}</td>
                    <td>{f.side}</td>
                    <td className="num">{Number(f.qty)}</td>
                    <td className="num">{dollars(f.price)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
