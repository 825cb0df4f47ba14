import type { AlertRule } from '../../../src-shared/ipc/alerts-schemas.js';
import { useClient } from '../../app/client-context.js';
import { formatExchangeTime } from '../../components/format.js';
import { PanelSection } from '../../components/panel-section.js';
import { describeCondition, describeRepeat } from './describe-condition.js';
import { SoundSwitch } from './sound-switch.js';
import { RuleForm } from './rule-form.js';
import { useAlerts } from './use-alerts.js';
import './alerts.css';


/**
 * Alert rules (create, switch on/off, delete) and the firings as they happen, at the exchange's time (ET); main
 * evaluates and stores them. Every firing also shows as a toast whatever tab is open.
 */
export function AlertsTab() {
  const client = useClient();
  const { rules, setRules, fired, error } = useAlerts();

  const toggle = async (rule: AlertRule): Promise<void> => {
    const { rules: next } = await client.invoke('alerts.saveRule', { id: rule.id, name: rule.name, condition: rule.condition, enabled: !rule.enabled, webhookUrl: rule.webhookUrl, repeat: rule.repeat, cooldownSeconds: rule.cooldownSeconds });
    setRules(next);
  };
  const remove = async (rule: AlertRule): Promise<void> => {
    setRules((await client.invoke('alerts.deleteRule', { id: rule.id })).rules);
  };

  return (
    <div className="tab-body alerts-tab" data-testid="alerts-tab">
      {error ? <div className="inline-error">{error}</div> : null}
      <PanelSection title="New alert">
        <RuleForm onRules={setRules} />
        <SoundSwitch />
      </PanelSection>
      <PanelSection title={`Rules (${rules.length})`}>
        <table className="alert-rules" data-testid="alert-rules">
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="alert-rule-row" data-rule-name={rule.name} data-enabled={String(rule.enabled)}>
                <td>{rule.name}</td>
                <td className="muted">{describeCondition(rule.condition)}</td>
                <td className="muted" data-testid="alert-rule-repeat">{describeRepeat(rule)}</td>
                <td className="muted">{rule.webhookUrl ? 'webhook' : ''}</td>
                <td>
                  <button className="button" type="button" onClick={() => void toggle(rule)} data-testid="alert-rule-toggle">
                    {rule.enabled ? 'On' : 'Off'}
                  </button>{' '}
                  <button className="button" type="button" onClick={() => void remove(rule)} data-testid="alert-rule-delete">
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </PanelSection>
      <PanelSection title="Fired" grow>
        <ol className="alert-fired" data-testid="alert-fired">
          {fired.map((alert) => (
            <li key={alert.id} data-testid="alert-fired-row" data-rule-id={alert.ruleId} data-kind={alert.kind}>
              <span className="num muted">{formatExchangeTime(alert.at)}</span> <strong>{alert.ruleName}</strong> {alert.message}
            </li>
          ))}
        </ol>
      </PanelSection>
    </div>
  );
}
