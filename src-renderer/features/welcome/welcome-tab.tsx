import { SHORTCUT_HELP } from '../../keyboard/shortcuts.js';

export function WelcomeTab() {
  return (
    <div className="tab-body welcome-tab" data-testid="welcome-tab">
      <h1 className="welcome-title">Alpaca Workstation</h1>
      <p>
        You are in <strong>demo mode</strong>: with no broker credentials stored, the workstation trades against a
        local Alpaca-compatible exchange with a synthetic market. Nothing you do here reaches a real account.
      </p>
      <p>
        Open tabs from the toolbar, drag them to dock side by side, and close them from their tab. The layout is
        saved as you go and restored at the next start.
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
