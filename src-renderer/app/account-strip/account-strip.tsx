import { staleLabel } from '../../components/freshness.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';
import { summariseAccount } from './account-summary.js';
import { useAccount } from './use-account.js';
import './account-strip.css';

/**
 * The account at a glance, in the toolbar in every mode: equity, the day's P&L (amount and percent, coloured by
 * sign), buying power and open positions, read from main's broker account.
 */
export function AccountStrip() {
  const { account, error, freshness } = useAccount();
  const summary = account ? summariseAccount(account) : undefined;
  // On the exchange's clock, labelled ET, like every event time.
  const stale = staleLabel(freshness, { exchangeOffsetMs: useMarketClock()?.offsetMs ?? 0 });
  return (
    <span className={`account-strip${error ? ' account-strip-error' : ''}`} data-testid="account-strip" title={error ? `Account not read: ${error}` : undefined}>
      <Figure label="Equity" testId="account-equity" value={summary?.equity} />
      <span className="account-figure">
        <span className="account-label">Day P&amp;L</span>
        <span className={`num account-value sign-${summary?.daySign ?? 'flat'}`} data-testid="account-day-pl" data-sign={summary?.daySign ?? 'flat'}>
          {summary ? `${summary.dayPl} (${summary.dayPlPercent})` : '…'}
        </span>
      </span>
      <Figure label="Buying power" testId="account-buying-power" value={summary?.buyingPower} />
      <Figure label="Positions" testId="account-positions" value={summary ? String(summary.positions) : undefined} />
      {stale ? (
        <span className="account-stale" data-testid="account-stale">
          {stale}
        </span>
      ) : null}
    </span>
  );
}

function Figure({ label, value, testId }: { label: string; value: string | undefined; testId: string }) {
  return (
    <span className="account-figure">
      <span className="account-label">{label}</span>
      <span className="num account-value" data-testid={testId}>
        {value ?? '…'}
      </span>
    </span>
  );
}
