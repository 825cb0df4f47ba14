import { useState, type KeyboardEvent } from 'react';
import type { OrderRow } from './blotter-rows.js';

export interface ReplaceChanges {
  qty?: string;
  limitPrice?: string;
  stopPrice?: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Replace an open order's quantity, limit or stop: Enter sends, Esc closes. Only changed fields are sent. */
export function ReplaceForm({ row, onSubmit, onClose }: { row: OrderRow; onSubmit: (changes: ReplaceChanges) => void; onClose: () => void }) {
  const [qty, setQty] = useState(row.qty.startsWith('$') ? '' : row.qty);
  const [limit, setLimit] = useState(row.limitPrice);
  const [stop, setStop] = useState(row.stopPrice);
  const changes: ReplaceChanges = {
    ...(qty !== row.qty && qty !== '' ? { qty } : {}),
    ...(limit !== row.limitPrice && limit !== '' ? { limitPrice: limit } : {}),
    ...(stop !== row.stopPrice && stop !== '' ? { stopPrice: stop } : {}),
  };
  const invalid = Object.values(changes).find((v) => !DECIMAL.test(v));
  const error = invalid !== undefined ? `"${invalid}" is not a positive decimal number` : Object.keys(changes).length === 0 ? 'change the quantity, limit or stop' : null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') onClose();
    if (event.key === 'Enter' && !error) onSubmit(changes);
  };
  return (
    <div className="blotter-replace" data-testid="replace-form" onKeyDown={onKeyDown}>
      <span>
        Replace {row.side} {row.symbol}:
      </span>
      <label>
        Qty <input data-testid="replace-qty" autoFocus value={qty} onChange={(e) => setQty(e.target.value)} />
      </label>
      {row.limitPrice ? (
        <label>
          Limit <input data-testid="replace-limit" value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
      ) : null}
      {row.stopPrice ? (
        <label>
          Stop <input data-testid="replace-stop" value={stop} onChange={(e) => setStop(e.target.value)} />
        </label>
      ) : null}
      <button type="button" data-testid="replace-send" disabled={error !== null} onClick={() => onSubmit(changes)}>
        Replace (Enter)
      </button>
      <button type="button" onClick={onClose}>
        Close (Esc)
      </button>
      {error ? <span className="blotter-hint">{error}</span> : null}
    </div>
  );
}
