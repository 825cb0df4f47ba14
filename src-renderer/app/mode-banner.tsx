import { useOrdersStatus } from './mode-banner-status.js';
import './mode-banner.css';

const LABEL = { demo: 'DEMO · simulated money', paper: 'PAPER · simulated money', live: 'LIVE · REAL MONEY' } as const;

/**
 * The trading mode, always in the shell: demo blue, paper amber, live red, each spelled out in words so colour
 * is never the only cue. The risk state sits beside it (HALTED and REDUCING stand out).
 */
export function ModeBanner() {
  const status = useOrdersStatus();
  const mode = status?.mode;
  const risk = status?.risk;
  return (
    <span className="mode-banner-group">
      <span className={`mode-banner mode-banner-${mode ?? 'unknown'}`} data-testid="mode-banner" data-mode={mode ?? 'unknown'} role="status" aria-label={`Trading mode ${mode ?? 'unknown'}`}>
        {mode ? LABEL[mode] : 'MODE …'}
      </span>
      {risk ? (
        <span className={`risk-badge risk-${risk.state}`} data-testid="risk-state" title={risk.reason}>
          {risk.state === 'ACTIVE' ? 'trading active' : `${risk.state}${risk.reason ? `: ${risk.reason}` : ''}`}
        </span>
      ) : null}
    </span>
  );
}
