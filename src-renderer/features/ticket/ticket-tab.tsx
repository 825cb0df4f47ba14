import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ORDER_TYPES, TIMES_IN_FORCE } from '../../../src-shared/domain/order-intent.js';
import { useClient } from '../../app/client-context.js';
import { useOrdersStatus } from '../../app/mode-banner-status.js';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { useTicketDrafts } from '../../app/ticket-draft/ticket-draft-context.js';
import { AlgoSection } from './algo-section.js';
import { LiveConfirmDialog } from './live-confirm-dialog.js';
import { PreviewPanel, type OrderPreview } from './preview-panel.js';
import { QuoteLine } from './quote-line.js';
import { describeSent } from './sent-order.js';
import { EMPTY_TICKET, hasLegs, needsLimit, needsStop, newRequestKey, validateTicket, type TicketField, type TicketForm } from './ticket-form.js';
import './ticket.css';

const CLASSES: Array<{ value: TicketForm['orderClass']; label: string }> = [
  { value: 'simple', label: 'Simple' },
  { value: 'bracket', label: 'Bracket (entry + take profit + stop loss)' },
  { value: 'oco', label: 'OCO (take profit or stop loss)' },
  { value: 'oto', label: 'OTO (entry then one exit)' },
];

/** `orderId`: the order a 'sent' line follows, its status updated live from main's order events. */
type Outcome = { kind: 'sent' | 'denied' | 'error'; text: string; orderId?: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The order ticket: every order type and time in force, qty or notional, extended hours, bracket/OCO/OTO legs,
 * validated as you type with the shared schema. Enter previews (estimated cost, buying power after, the risk
 * verdict), Enter again sends the previewed order; Esc clears. Live mode asks for a confirmation first.
 * Below it, the Algo section starts a TWAP, VWAP, POV or iceberg parent. The symbol's bid, ask and last show as
 * soon as it is typed; the symbol follows the tab's link group; the result line follows the sent order's status.
 */
export function TicketTab() {
  const client = useClient();
  const status = useOrdersStatus();
  const [form, setForm] = useState<TicketForm>(EMPTY_TICKET);
  const [touched, setTouched] = useState<Set<TicketField>>(new Set());
  const [preview, setPreview] = useState<{ preview: OrderPreview; formKey: string; requestKey: string }>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const firstInput = useRef<HTMLInputElement>(null);
  const link = useLink((symbol) => {
    // A linked symbol replaces the typed one; the rest of the order stays as the trader left it.
    setForm((current) => ({ ...current, symbol }));
    setOutcome(undefined);
  });
  // A draft from another tab (an opportunity's row, an AI proposal): symbol, side, perhaps a size and a starting
  // price; the trader previews and sends it, so it passes the same risk check as any order.
  const [draftNote, setDraftNote] = useState<string>();
  useTicketDrafts((draft) => {
    setForm({
      ...EMPTY_TICKET,
      symbol: draft.symbol,
      side: draft.side,
      ...(draft.sizing ? { sizing: draft.sizing } : {}),
      ...(draft.amount ? { amount: draft.amount } : {}),
      ...(draft.type ? { type: draft.type } : {}),
      ...(draft.limitPrice ? { limitPrice: draft.limitPrice } : {}),
    });
    setTouched(new Set());
    setPreview(undefined);
    setOutcome(undefined);
    setDraftNote(draft.note);
  });
  const followed = outcome?.kind === 'sent' ? outcome.orderId : undefined;
  useEffect(() => {
    if (!followed) return;
    return client.subscribe('orders.order', (items) => {
      const order = items.filter((o) => o.clientOrderId === followed).at(-1);
      if (order) setOutcome((current) => (current?.orderId === followed ? { ...current, text: describeSent(order, false) } : current));
    });
  }, [client, followed]);

  const { intent, errors, valid } = useMemo(() => validateTicket(form), [form]);
  const formKey = JSON.stringify(intent);
  const previewCurrent = preview !== undefined && preview.formKey === formKey;
  const canSend = valid && previewCurrent && preview.preview.verdict.ok && !busy;
  const live = status?.mode === 'live';

  const set = <K extends TicketField>(field: K, value: TicketForm[K]): void => {
    setForm((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setOutcome(undefined);
  };
  const shown = (field: TicketField): string | undefined => (touched.has(field) ? errors[field] : undefined);

  const clear = (): void => {
    setDraftNote(undefined);
    setForm(EMPTY_TICKET);
    setTouched(new Set());
    setPreview(undefined);
    setOutcome(undefined);
    setConfirming(false);
    firstInput.current?.focus();
  };

  const runPreview = async (): Promise<void> => {
    setTouched(new Set(Object.keys(form) as TicketField[]));
    if (!valid) return;
    setBusy(true);
    try {
      const result = await client.invoke('orders.preview', { intent });
      setPreview({ preview: result, formKey, requestKey: newRequestKey() });
      setOutcome(undefined);
    } catch (error) {
      setOutcome({ kind: 'error', text: `preview failed: ${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const send = async (): Promise<void> => {
    if (!canSend || !preview) return;
    setConfirming(false);
    setBusy(true);
    try {
      const result = await client.invoke('orders.submit', { intent, requestKey: preview.requestKey });
      if (result.ok && result.order) {
        setOutcome({ kind: 'sent', text: describeSent(result.order, result.repeated ?? false), orderId: result.order.clientOrderId });
        setPreview(undefined);
      } else {
        setOutcome({ kind: 'denied', text: `${result.code ?? 'REFUSED'}: ${result.message ?? 'refused'}` });
      }
    } catch (error) {
      setOutcome({ kind: 'error', text: `submit failed: ${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const requestSend = (): void => {
    if (!canSend) return;
    if (live) setConfirming(true);
    else void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (confirming) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      clear();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      if (canSend) requestSend();
      else if (!busy) void runPreview();
    }
  };

  const errorOf = (field: TicketField) => {
    const message = shown(field);
    return message ? (
      <span className="ticket-error" data-testid={`ticket-error-${field}`}>
        {message}
      </span>
    ) : null;
  };
  const text = (field: TicketField, label: string, placeholder = '') => (
    <label className="ticket-field">
      <span>{label}</span>
      <input
        data-testid={`ticket-${field}`}
        aria-invalid={shown(field) ? true : undefined}
        inputMode="decimal"
        placeholder={placeholder}
        value={form[field] as string}
        onChange={(e) => set(field, e.target.value as never)}
      />
      {errorOf(field)}
    </label>
  );

  return (
    <div className="tab-body ticket-tab" data-testid="ticket-tab">
      <form className="ticket-form" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} aria-label="Order ticket">
        <div className="ticket-row ticket-link-row">
          <LinkPicker group={link.group} onChange={link.setGroup} testId="ticket-link" />
          <QuoteLine symbol={form.symbol.trim()} />
        </div>
        {draftNote ? (
          <div className="ticket-draft-note" data-testid="ticket-draft-note" role="status">
            {draftNote}
          </div>
        ) : null}
        <div className="ticket-row">
          <label className="ticket-field">
            <span>Symbol</span>
            <input ref={firstInput} data-testid="ticket-symbol" autoFocus value={form.symbol} onChange={(e) => set('symbol', e.target.value.toUpperCase())} aria-invalid={shown('symbol') ? true : undefined} />
            {errorOf('symbol')}
          </label>
          <fieldset className="ticket-side" aria-label="Side">
            {(['buy', 'sell'] as const).map((side) => (
              <label key={side} className={`side-${side} ${form.side === side ? 'selected' : ''}`}>
                <input type="radio" name="side" data-testid={`ticket-side-${side}`} checked={form.side === side} onChange={() => set('side', side)} />
                {side.toUpperCase()}
              </label>
            ))}
          </fieldset>
          <label className="ticket-field">
            <span>Type</span>
            <select data-testid="ticket-type" value={form.type} onChange={(e) => set('type', e.target.value as TicketForm['type'])}>
              {ORDER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label className="ticket-field">
            <span>Time in force</span>
            <select data-testid="ticket-tif" value={form.timeInForce} onChange={(e) => set('timeInForce', e.target.value as TicketForm['timeInForce'])}>
              {TIMES_IN_FORCE.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            {errorOf('timeInForce')}
          </label>
        </div>
        <div className="ticket-row">
          <label className="ticket-field">
            <span>Size in</span>
            <select data-testid="ticket-sizing" value={form.sizing} onChange={(e) => set('sizing', e.target.value as TicketForm['sizing'])}>
              <option value="qty">shares (qty)</option>
              <option value="notional">dollars (notional)</option>
            </select>
          </label>
          {text('amount', form.sizing === 'qty' ? 'Quantity' : 'Dollars', form.sizing === 'qty' ? '10' : '1000.00')}
          {needsLimit(form.type) ? text('limitPrice', 'Limit price') : null}
          {needsStop(form.type) ? text('stopPrice', 'Stop price') : null}
          {form.type === 'trailing_stop' ? (
            <>
              <label className="ticket-field">
                <span>Trail in</span>
                <select data-testid="ticket-trailKind" value={form.trailKind} onChange={(e) => set('trailKind', e.target.value as TicketForm['trailKind'])}>
                  <option value="price">dollars</option>
                  <option value="percent">percent</option>
                </select>
              </label>
              {text('trail', form.trailKind === 'price' ? 'Trail $' : 'Trail %')}
            </>
          ) : null}
          <label className="ticket-check">
            <input type="checkbox" data-testid="ticket-extendedHours" checked={form.extendedHours} onChange={(e) => set('extendedHours', e.target.checked)} />
            Extended hours
            {errorOf('extendedHours')}
          </label>
        </div>
        <div className="ticket-row">
          <label className="ticket-field">
            <span>Order class</span>
            <select data-testid="ticket-orderClass" value={form.orderClass} onChange={(e) => set('orderClass', e.target.value as TicketForm['orderClass'])}>
              {CLASSES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            {errorOf('orderClass')}
          </label>
          {hasLegs(form.orderClass) ? (
            <>
              {text('takeProfit', 'Take profit limit')}
              {text('stopLossStop', 'Stop loss stop')}
              {text('stopLossLimit', 'Stop loss limit (optional)')}
            </>
          ) : null}
        </div>
        {errors.form && touched.size > 0 ? (
          <div className="ticket-error" data-testid="ticket-error-form">
            {errors.form}
          </div>
        ) : null}
        <div className="ticket-actions">
          <button type="button" data-testid="ticket-preview-button" disabled={busy} onClick={() => void runPreview()}>
            Preview (Enter)
          </button>
          <button type="button" className={`send-${form.side}`} data-testid="ticket-send" disabled={!canSend} onClick={requestSend}>
            {live ? 'Send LIVE…' : 'Send'} (Enter)
          </button>
          <button type="button" data-testid="ticket-clear" onClick={clear}>
            Clear (Esc)
          </button>
          {preview && !previewCurrent ? <span className="ticket-hint">the order changed since the preview: preview again</span> : null}
        </div>
        {previewCurrent ? <PreviewPanel preview={preview.preview} /> : null}
        {outcome ? (
          <div className={`ticket-outcome outcome-${outcome.kind}`} data-testid="ticket-outcome" role="status">
            {outcome.text}
          </div>
        ) : null}
      </form>
      <AlgoSection live={live} />
      {confirming && preview ? <LiveConfirmDialog intent={intent} cost={preview.preview.estimatedCost} onConfirm={() => void send()} onCancel={() => setConfirming(false)} /> : null}
    </div>
  );
}

