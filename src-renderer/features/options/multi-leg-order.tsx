import { useEffect, useMemo, useState } from 'react';
import type { ResponseOf } from '../../../src-shared/ipc/contract.js';
import { useOrdersStatus } from '../../app/mode-banner-status.js';
import { useClient } from '../../app/client-context.js';
import type { BuilderLeg } from './legs.js';
import { planIntent, planOrder, sharesShortfall } from './order-plan.js';
import { followedText, useFollowedOrder } from './use-followed-order.js';

type Preview = ResponseOf<'orders.preview'>;

const money = (value: string | null): string => (value === null ? '—' : `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const net = (v: number): string => (v < 0 ? `credit ${(-v).toFixed(2)}` : `debit ${v.toFixed(2)}`);
const newKey = (): string => `options-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The builder's position as one order: the option legs as ONE `mleg` order at a net limit per spread (negative: a
 * credit), previewed by main's risk engine (the same path as the Ticket's), then sent. Stock legs are not sent
 * (Alpaca's mleg takes option legs only): a stock template needs the shares held already.
 */
export function MultiLegOrder({ legs }: { legs: readonly BuilderLeg[] }) {
  const client = useClient();
  const status = useOrdersStatus();
  const plan = useMemo(() => planOrder(legs), [legs]);
  const [spreads, setSpreads] = useState('1');
  const [limit, setLimit] = useState('');
  const [tif, setTif] = useState<'day' | 'gtc'>('day');
  const [held, setHeld] = useState<ReadonlyMap<string, number>>(new Map());
  const [preview, setPreview] = useState<{ preview: Preview; key: string; requestKey: string }>();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [followed, setFollowed] = useState<string | null>(null);
  const [confirmLive, setConfirmLive] = useState(false);
  const [busy, setBusy] = useState(false);
  const order = useFollowedOrder(followed);

  // A new position: its own spreads and the natural price (what fills at today's quotes) as the starting limit.
  useEffect(() => {
    if ('error' in plan) return;
    setSpreads(String(plan.spreads));
    setLimit(plan.natural.toFixed(2));
    setPreview(undefined);
  }, [plan]);
  useEffect(() => {
    client
      .invoke('orders.positions', {})
      .then((positions) => setHeld(new Map(positions.map((p) => [p.symbol, Number(p.qty)]))))
      .catch(() => undefined);
  }, [client, legs, order?.status]);

  if ('error' in plan) return <div className="options-order" data-testid="options-order">{legs.length ? <span role="alert">{plan.error}</span> : null}</div>;

  const count = Number(spreads);
  const limitValue = limit.trim() === '' ? null : Number(limit);
  const formError = !Number.isInteger(count) || count < 1 ? 'spreads must be a whole number from 1' : limitValue !== null && !Number.isFinite(limitValue) ? 'net limit must be a number (negative for a credit)' : null;
  const shortfall = sharesShortfall(plan, count || plan.spreads, held);
  const intent = formError ? null : planIntent(plan, count, limitValue, tif, held);
  const key = JSON.stringify(intent);
  const current = preview !== undefined && preview.key === key;
  const live = status?.mode === 'live';
  const canSend = intent !== null && current && preview.preview.verdict.ok && !shortfall && !busy && (!live || confirmLive);

  const runPreview = async () => {
    if (!intent) return;
    setBusy(true);
    try {
      setPreview({ preview: await client.invoke('orders.preview', { intent }), key, requestKey: newKey() });
      setOutcome(null);
    } catch (e) {
      setOutcome(`preview failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const send = async () => {
    if (!canSend || !intent || !preview) return;
    setBusy(true);
    try {
      const result = await client.invoke('orders.submit', { intent, requestKey: preview.requestKey });
      if (result.ok && result.order) {
        setFollowed(result.order.clientOrderId);
        setOutcome(null);
        setPreview(undefined);
        setConfirmLive(false);
      } else setOutcome(`${result.code ?? 'REFUSED'}: ${result.message ?? 'refused'}`);
    } catch (e) {
      setOutcome(`submit failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const single = plan.legs.length === 1;
  return (
    <div className="options-order" data-testid="options-order">
      <div className="options-toolbar">
        <strong>{single ? 'One option order' : 'One multi-leg (mleg) order'}</strong>
        <span data-testid="options-order-legs-plan">
          {plan.legs.map((l) => `${l.side} ${l.ratio} ${l.symbol}`).join(' · ')}
        </span>
      </div>
      <div className="options-toolbar">
        <label>
          Spreads <input aria-label="Spreads" value={spreads} onChange={(e) => setSpreads(e.target.value)} size={4} data-testid="options-order-qty" />
        </label>
        <label>
          Net limit <input aria-label="Net limit" value={limit} onChange={(e) => setLimit(e.target.value)} size={7} data-testid="options-order-limit" placeholder="market" />
        </label>
        <span className="options-hint">
          a spread: {net(plan.natural)} at the legs&apos; bid/ask; negative is a credit; empty for market
        </span>
        <select aria-label="Time in force" value={tif} onChange={(e) => setTif(e.target.value as 'day' | 'gtc')}>
          <option value="day">day</option>
          <option value="gtc">gtc</option>
        </select>
        <button type="button" onClick={() => void runPreview()} disabled={!intent || busy} data-testid="options-order-preview">
          Preview
        </button>
        {live && (
          <label className="error">
            <input type="checkbox" checked={confirmLive} onChange={(e) => setConfirmLive(e.target.checked)} data-testid="options-order-live-confirm" /> LIVE: real money
          </label>
        )}
        <button type="button" onClick={() => void send()} disabled={!canSend} data-testid="options-order-send">
          Send
        </button>
      </div>
      {formError && <div role="alert">{formError}</div>}
      {plan.sharesNeeded !== 0 && (
        <div className="options-hint" data-testid="options-order-stock-note">
          The stock leg ({plan.sharesNeeded > 0 ? 'long' : 'short'} {Math.abs(plan.sharesNeeded)} {plan.underlying}) is not part of this order: Alpaca&apos;s multi-leg orders take option legs only, and
          sending the shares as a second order could leave the position half built. This template needs the shares held first (buy them from the Ticket).{' '}
          {shortfall ? <strong role="alert">You hold {shortfall.held} {plan.underlying}; it needs {shortfall.needed}: sending is off until they are held.</strong> : 'The shares are held.'}
        </div>
      )}
      {preview && current && (
        <div className={`options-preview ${preview.preview.verdict.ok ? 'verdict-ok' : 'verdict-denied'}`} data-testid="options-order-verdict" role="status">
          <strong>{preview.preview.verdict.ok ? 'PASS' : 'DENIED'}</strong> <code>{preview.preview.verdict.code}</code> {preview.preview.verdict.message} · net {preview.preview.referencePrice ?? '—'} a spread
          {single ? ' · cost' : ' · worst loss at expiry'} {money(preview.preview.estimatedCost)} · buying power {money(preview.preview.buyingPower)} → {money(preview.preview.buyingPowerAfter)}
        </div>
      )}
      {outcome && (
        <div role="alert" data-testid="options-order-outcome">
          {outcome}
        </div>
      )}
      {order && (
        <div data-testid="options-order-status" role="status">
          {followedText(order)}
        </div>
      )}
    </div>
  );
}
