import { PanelSection } from '../../components/panel-section.js';
import { AlpacaKeysForm } from './alpaca-keys-form.js';
import { LlmConfigForm } from './llm-config-form.js';
import { LlmKeyForm } from './llm-key-form.js';
import { RiskLimitsForm } from './risk-limits-form.js';
import { TradingModeForm } from './trading-mode-form.js';
import { UpdatesForm } from './updates-form.js';
import { useTradingStatus } from '../../app/use-trading-status.js';
import { useSecretsStatus } from './use-secrets-status.js';
import './settings.css';

const BACKEND_LABEL = { keychain: 'the OS keychain', 'encrypted-file': 'an encrypted file', env: 'environment variables' } as const;

/** The trading mode, the risk limits (with their use now), and credentials: where they are kept, and per credential enter / test / delete. No secret is ever shown. */
export function SettingsTab() {
  const { status, error, set } = useSecretsStatus();
  const trading = useTradingStatus();
  return (
    <div className="tab-body settings-tab" data-testid="settings-tab">
      <PanelSection title="Trading mode">
        <TradingModeForm status={trading} />
      </PanelSection>
      <PanelSection title="Risk limits">
        <RiskLimitsForm />
      </PanelSection>
      <PanelSection title="Credentials">
        {error ? <div className="inline-error">{error}</div> : null}
        <p className="muted" data-testid="settings-store" data-backend={status?.store.backend ?? 'none'}>
          {status
            ? status.store.backend
              ? `New keys are stored in ${BACKEND_LABEL[status.store.backend]}: ${status.store.detail}.`
              : `No secure storage is available here: ${status.store.detail}.`
            : 'Loading…'}
        </p>
        {status?.store.weak ? (
          <p className="inline-warning" data-testid="settings-weak-store">
            No keyring is running: keys are encrypted with a fixed key that anyone who can read your files can undo. Live keys need your explicit consent.
          </p>
        ) : null}
        {status?.notes.length ? (
          <ul className="muted settings-notes">
            {status.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        ) : null}
        <div className="settings-cards">
          <AlpacaKeysForm mode="paper" status={status} onStatus={set} />
          <AlpacaKeysForm mode="live" status={status} onStatus={set} />
          <LlmKeyForm status={status} onStatus={set} />
          <LlmConfigForm />
        </div>
      </PanelSection>
      <PanelSection title="Updates">
        <UpdatesForm />
      </PanelSection>
    </div>
  );
}
