import { useEffect, useRef, useState } from 'react';
import { useClient } from './client-context.js';
import { useOrdersStatus } from './mode-banner-status.js';
import './kill-switch.css';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The kill switch, always in the shell: halts trading and cancels every open order, optionally closing every
 * position, after a confirmation. While halted it offers to resume. (The CLI's `workstation kill` does the same
 * when this window cannot.)
 */
export function KillSwitch() {
  const client = useClient();
  const status = useOrdersStatus();
  const [open, setOpen] = useState(false);
  const [flatten, setFlatten] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) confirmButton.current?.focus();
  }, [open]);

  const trip = async (): Promise<void> => {
    setBusy(true);
    try {
      const answer = await client.invoke('orders.killSwitch', { flatten });
      setResult(
        answer.errors.length > 0
          ? `kill switch: ${answer.errors.join('; ')}`
          : `kill switch tripped: ${answer.stoppedLocally.length} order(s) stopped before leaving, ${answer.atBroker.length} at the broker being cancelled${flatten ? ', positions closing' : ' (protective stops kept)'}`,
      );
      setOpen(false);
    } catch (error) {
      setResult(`kill switch failed: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const resume = async (): Promise<void> => {
    try {
      const risk = await client.invoke('orders.resume', {});
      setResult(`trading ${risk.state}`);
    } catch (error) {
      setResult(`resume failed: ${messageOf(error)}`);
    }
  };

  const halted = status?.risk.state === 'HALTED';
  return (
    <span className="kill-switch">
      <button type="button" className="kill-switch-button" data-testid="kill-switch" onClick={() => setOpen(true)} title="Cancel every open order (and optionally close every position)">
        ■ KILL SWITCH
      </button>
      {halted ? (
        <button type="button" className="kill-switch-resume" data-testid="kill-switch-resume" onClick={() => void resume()}>
          Resume trading
        </button>
      ) : null}
      {result ? (
        <span className="kill-switch-result" data-testid="kill-switch-result">
          {result}
        </span>
      ) : null}
      {open ? (
        <div
          className="kill-switch-dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="kill-switch-title"
          data-testid="kill-switch-dialog"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <h3 id="kill-switch-title">Trip the kill switch?</h3>
          <p>
            Trading halts, every algo and bot stops, and open orders are cancelled, except protective exits (a bracket&apos;s or OCO&apos;s stop-loss and
            take-profit, a stop that reduces a position), which stay unless you flatten. Trading stays halted until you resume it.
          </p>
          <label>
            <input type="checkbox" data-testid="kill-switch-flatten" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} /> also close every position at market (flatten)
          </label>
          <div className="kill-switch-actions">
            <button type="button" ref={confirmButton} className="kill-switch-button" data-testid="kill-switch-confirm" disabled={busy} onClick={() => void trip()}>
              {flatten ? 'Cancel all and flatten' : 'Cancel all orders'}
            </button>
            <button type="button" data-testid="kill-switch-cancel" onClick={() => setOpen(false)}>
              Back (Esc)
            </button>
          </div>
        </div>
      ) : null}
    </span>
  );
}
