import { useOpenTab } from '../../app/dock/tab-opener.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';
import { useSystemInfo } from '../../hooks/use-system-info.js';
import { SHORTCUT_HELP } from '../../keyboard/shortcuts.js';
import { DemoBotsPanel } from './demo-bots-panel.js';
import './welcome.css';

const MODE_TEXT = {
  demo: 'You are in demo mode: with no broker credentials stored, the workstation trades against a local Alpaca-compatible exchange with a synthetic market. Nothing you do here reaches a real account.',
  paper: "You are in paper mode: orders go to Alpaca's paper account with simulated money, against the real market.",
  live: 'You are in LIVE mode: orders spend real money. The red banner stays in the toolbar as a reminder.',
} as const;

/** First steps, in the order a new trader needs them; each opens the tab it names. */
const STEPS: Array<{ tab: string; label: string; text: string }> = [
  { tab: 'watchlist', label: 'Watchlist', text: 'Pick a symbol. Selecting a row drives every tab of the same link colour (the coloured dot): the chart and the ticket follow it.' },
  { tab: 'chart', label: 'Chart', text: 'Choose a timeframe and add indicators; each chart tab keeps them. Shift-click the toolbar button for a second chart.' },
  { tab: 'ticket', label: 'Ticket', text: 'The typed symbol shows its bid, ask and last. Enter previews the order (cost, buying power, the risk check); Enter again sends it.' },
  { tab: 'blotter', label: 'Blotter', text: 'Orders, fills and positions as they change; the account strip in the toolbar shows equity, day P&L and buying power.' },
  { tab: 'alerts', label: 'Alerts', text: 'Get told when a price crosses a level or an order fills, in any tab (and on the desktop in the app); each rule fires once or after a cooldown.' },
  { tab: 'settings', label: 'Settings', text: 'When you are ready: your Alpaca paper keys, then paper mode. Risk limits live here too.' },
];

export function WelcomeTab() {
  const open = useOpenTab();
  const mode = useSystemInfo()?.mode;
  const market = useMarketClock();
  return (
    <div className="tab-body welcome-tab" data-testid="welcome-tab">
      <h1 className="welcome-title">Alpaca Workstation</h1>
      <p data-testid="welcome-mode">{mode ? MODE_TEXT[mode] : ' '}</p>
      {mode === 'demo' ? (
        <p className="welcome-clock" data-testid="welcome-clock">
          The demo market runs on its own clock: when US markets are closed it replays a trading day, so the market clock in
          the status bar (ET) may differ from yours
          {market?.clock.simulated ? <strong> (it does now: simulated)</strong> : null}. Fills, quotes, alerts and charts
          carry the market&apos;s time.
        </p>
      ) : null}
      {mode === 'demo' ? <DemoBotsPanel /> : null}
      <h2 className="panel-section-title">Start here</h2>
      <ol className="welcome-steps" data-testid="welcome-steps">
        {STEPS.map((step) => (
          <li key={step.tab}>
            <button type="button" className="toolbar-button" data-testid={`welcome-open-${step.tab}`} onClick={() => open(step.tab)}>
              {step.label}
            </button>
            <span>{step.text}</span>
          </li>
        ))}
      </ol>
      <p>
        Open tabs from the toolbar, drag them to dock side by side, and close them from their tab. The layout is saved as
        you go and restored at the next start.
      </p>
      <h2 className="panel-section-title">Keyboard shortcuts</h2>
      <table className="data-table shortcut-table" data-testid="shortcut-table">
        <tbody>
          {SHORTCUT_HELP.map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
