import { useOrdersStatus } from './mode-banner-status.js';
import { useTradingStatus } from './use-trading-status.js';
import './mode-banner.css';

const LABEL = { demo: 'DEMO · simulated money', paper: 'PAPER · simulated money', live: 'LIVE · REAL MONEY' } as const;

/**
 * The trading mode, always in the shell: demo blue, paper amber, live red, each spelled out in words so colour
 * is never the only cue. The risk state sits beside it (HALTED and REDUCING stand out).
 */
export function ModeBanner() {
  const status = useOrdersStatus();
  const trading = useTradingStatus();
  const mode = trading?.mode ?? status?.mode;
  const risk = status?.risk;
  const locked = trading?.mode === 'live' && !trading.liveConfirmed;
  return (
    <span className="mode-banner-group">
      <span className={`mode-banner mode-banner-${mode ?? 'unknown'}`} data-testid="mode-banner" data-mode={mode ?? 'unknown'} role="status" aria-label={`Trading mode ${mode ?? 'unknown'}`}>
        {mode ? LABEL[mode] : 'MODE …'}
      </span>
      {trading?.switching ? (
        <span className="mode-switching" data-testid="mode-switching" role="status">
          switching mode…
        </span>
      ) : null}
      {locked ? (
        <span className="mode-locked" data-testid="mode-locked" title={trading.notice ?? undefined}>
          orders locked: confirm live trading in Settings
        </span>
      ) : null}
      {risk ? (
        <span className={`risk-badge risk-${risk.state}`} data-testid="risk-state" title={risk.reason}>
          {risk.state === 'ACTIVE' ? 'trading active' : `${risk.state}${risk.reason ? `: ${risk.reason}` : ''}`}
        </span>
      ) : null}
    </span>
  );
}
