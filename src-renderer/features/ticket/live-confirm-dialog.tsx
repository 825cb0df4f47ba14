import { useEffect, useRef } from 'react';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';

/** Live mode asks once more, naming the real money at stake; Enter confirms, Esc backs out. */
export function LiveConfirmDialog({ intent, cost, onConfirm, onCancel }: { intent: OrderIntentInput; cost: string | null; onConfirm: () => void; onCancel: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  const size = intent.qty !== undefined ? `${intent.qty} shares` : `$${intent.notional ?? '?'}`;
  return (
    <div
      className="ticket-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="live-confirm-title"
      data-testid="live-confirm"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3 id="live-confirm-title">LIVE order: real money</h3>
      <p>
        {intent.side?.toUpperCase()} {size} of {intent.symbol} ({intent.type}, {intent.orderClass ?? 'simple'}), estimated cost {cost === null ? 'unknown' : `$${cost}`}.
      </p>
      <div className="ticket-actions">
        <button type="button" ref={confirm} className="danger" data-testid="live-confirm-send" onClick={onConfirm}>
          Send live order
        </button>
        <button type="button" data-testid="live-confirm-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
