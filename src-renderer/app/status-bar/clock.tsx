import { useNow } from '../../hooks/use-now.js';
import { formatClock, formatExchangeTime } from '../../components/format.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';

const SESSION_LABEL = { pre: 'PRE-MARKET', regular: 'OPEN', post: 'AFTER HOURS', closed: 'CLOSED' } as const;

/**
 * One convention: the market's clock in New York time (ET), the one fills, quotes, alerts and charts are stamped
 * with, with its session; in demo it may be simulated (then said so). The trader's own wall clock is beside it.
 */
export function Clock() {
  const now = useNow();
  const market = useMarketClock();
  const exchangeNow = market ? now.getTime() + market.offsetMs : undefined;
  const session = market?.clock.session;
  return (
    <>
      <span className={`status-item market-clock session-${session ?? 'unknown'}`} title={market?.clock.simulated ? 'The demo exchange runs a simulated clock: markets are closed now, so it replays a trading day' : 'The exchange’s clock (New York)'}>
        <span className="status-label">Market</span>
        <span className="num" data-testid="status-market-clock">{exchangeNow === undefined ? '…' : formatExchangeTime(exchangeNow)}</span>
        <span className="market-session" data-testid="status-market-session" data-session={session ?? 'unknown'}>
          {session ? SESSION_LABEL[session] : '…'}
        </span>
        {market?.clock.simulated ? (
          <span className="market-simulated" data-testid="status-market-simulated">
            simulated
          </span>
        ) : null}
      </span>
      <span className="status-item">
        <span className="status-label">Local</span>
        <span className="num" data-testid="status-clock-local">{formatClock(now, 'local')}</span>
      </span>
    </>
  );
}
