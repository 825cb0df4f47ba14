import type { CellKeyDownEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useRef, useState } from 'react';
import { useClient } from '../../app/client-context.js';
import { usePanelState } from '../../app/dock/panel-context.js';
import { staleLabel } from '../../components/freshness.js';
import { RowSplitter } from '../../components/row-splitter.js';
import { useGridSort } from '../../hooks/use-grid-sort.js';
import { useMarketClock } from '../../hooks/use-market-clock.js';
import { accountRows, orderRow, positionRows, type AlgoWire, type OrderRow } from './blotter-rows.js';
import { ACCOUNT_COLUMNS, ALGO_COLUMNS, FILL_COLUMNS, ORDER_COLUMNS, POSITION_COLUMNS } from './columns.js';
import { registerBlotterGridModules } from './grid-setup.js';
import { OptionPositions } from './option-positions.js';
import { ReplaceForm, type ReplaceChanges } from './replace-form.js';
import { useOrdersFeed } from './use-orders-feed.js';
import './blotter.css';

registerBlotterGridModules();

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The blotters: orders (open by default; cancel with the button or Delete, replace), fills, positions with
 * unrealised and realised P&L, the account, and algo parents (progress; cancel a running one and its children with
 * the button or Delete). Rows follow main's orders events as they come. The Orders grid fills its share of the tab
 * and its height is dragged with the bar below it; the height and each grid's sort order are kept with the layout.
 */
export function BlotterTab() {
  const client = useClient();
  const feed = useOrdersFeed(client);
  const [showClosed, setShowClosed] = useState(false);
  const [selected, setSelected] = useState<OrderRow>();
  const [replacing, setReplacing] = useState<OrderRow>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [ordersHeight, setOrdersHeight] = usePanelState<number | null>('ordersHeight', null, (v): v is number | null => v === null || (typeof v === 'number' && v >= 80 && v <= 10_000));
  const tabRef = useRef<HTMLDivElement>(null);
  const ordersRef = useRef<HTMLElement>(null);
  const ordersSort = useGridSort('orders', [{ colId: 'updatedAt', sort: 'desc' }]);
  const fillsSort = useGridSort('fills', [{ colId: 'at', sort: 'desc' }]);
  const positionsSort = useGridSort('positions');

  // Order times on the exchange's clock, as the fills' (see orderRow).
  const exchangeOffsetMs = useMarketClock()?.offsetMs ?? 0;
  const orderRows = useMemo(
    () => [...feed.orders.values()].map((o) => orderRow(o, exchangeOffsetMs)).filter((r) => showClosed || r.open).sort((a, b) => b.updatedAt - a.updatedAt),
    [feed.orders, showClosed, exchangeOffsetMs],
  );
  const positions = useMemo(() => positionRows(feed.positions, feed.account?.marks ?? []), [feed.positions, feed.account]);
  const account = useMemo(() => (feed.account ? accountRows(feed.account) : []), [feed.account]);
  const accountStale = staleLabel(feed.accountFreshness, { exchangeOffsetMs });
  const [selectedAlgo, setSelectedAlgo] = useState<string>();
  const algos = useMemo(() => [...feed.algos.values()].sort((a, b) => b.startedAt - a.startedAt), [feed.algos]);
  const algo = algos.find((a) => a.id === selectedAlgo);
  const cancelAlgo = async (id: string): Promise<void> => {
    try {
      const result = await client.invoke('orders.algoCancel', { id });
      setNotice(result.ok ? { ok: true, text: `algo ${id} ${result.algo?.status ?? ''}: its open children cancelled` } : { ok: false, text: `${result.code}: ${result.message}` });
    } catch (error) {
      setNotice({ ok: false, text: `algo cancel failed: ${messageOf(error)}` });
    }
  };
  const current = selected ? orderRows.find((r) => r.id === selected.id) : undefined;

  const cancel = async (row: OrderRow): Promise<void> => {
    try {
      const result = await client.invoke('orders.cancel', { clientOrderId: row.id });
      setNotice(result.ok ? { ok: true, text: `cancel sent for ${row.symbol} ${row.id}: ${result.order?.status ?? ''}` } : { ok: false, text: `${result.code}: ${result.message}` });
    } catch (error) {
      setNotice({ ok: false, text: `cancel failed: ${messageOf(error)}` });
    }
  };

  const replace = async (row: OrderRow, changes: ReplaceChanges): Promise<void> => {
    setReplacing(undefined);
    try {
      const result = await client.invoke('orders.replace', { clientOrderId: row.id, ...changes });
      setNotice(result.ok ? { ok: true, text: `replaced by ${result.order?.clientOrderId ?? '?'}` } : { ok: false, text: `${result.code}: ${result.message}` });
    } catch (error) {
      setNotice({ ok: false, text: `replace failed: ${messageOf(error)}` });
    }
  };

  const onCellKeyDown = (event: CellKeyDownEvent<OrderRow>): void => {
    const key = (event.event as globalThis.KeyboardEvent | null | undefined)?.key;
    if (key === 'Delete' && event.data?.open) void cancel(event.data);
  };

  return (
    <div className="tab-body blotter-tab" data-testid="blotter-tab" ref={tabRef} style={ordersHeight ? { gridTemplateRows: `auto ${ordersHeight}px 6px minmax(120px, 1fr) minmax(100px, 0.7fr)` } : undefined}>
      {feed.error ? (
        <div className="inline-error" role="alert" data-testid="blotter-error">
          {feed.error}
        </div>
      ) : null}
      <section className="blotter-section blotter-orders" ref={ordersRef}>
        <header className="blotter-header">
          <h2>Orders</h2>
          <label>
            <input type="checkbox" data-testid="blotter-show-closed" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} /> show closed
          </label>
          <button type="button" data-testid="blotter-cancel" disabled={!current?.open} onClick={() => current && void cancel(current)}>
            Cancel selected (Del)
          </button>
          <button type="button" data-testid="blotter-replace" disabled={!current?.open} onClick={() => setReplacing(current)}>
            Replace selected
          </button>
          {notice ? (
            <span className={notice.ok ? 'blotter-ok' : 'blotter-bad'} data-testid="blotter-notice">
              {notice.text}
            </span>
          ) : null}
        </header>
        {replacing ? <ReplaceForm row={replacing} onSubmit={(changes) => void replace(replacing, changes)} onClose={() => setReplacing(undefined)} /> : null}
        <div className="ag-theme-quartz-dark ws-grid blotter-grid" data-testid="blotter-orders">
          <AgGridReact<OrderRow>
            theme="legacy"
            columnDefs={ORDER_COLUMNS}
            rowData={orderRows}
            getRowId={(p) => p.data.id}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0])}
            onCellKeyDown={onCellKeyDown}
            overlayNoRowsTemplate="No open orders"
            {...ordersSort}
          />
        </div>
      </section>
      <RowSplitter
        testId="blotter-splitter"
        height={() => ordersRef.current?.getBoundingClientRect().height ?? 200}
        onChange={setOrdersHeight}
        min={80}
        max={() => Math.max(80, (tabRef.current?.getBoundingClientRect().height ?? 600) - 260)}
      />
      <section className="blotter-section blotter-positions-section">
        <header className="blotter-header">
          <h2>Positions</h2>
        </header>
        <div className="ag-theme-quartz-dark ws-grid blotter-grid" data-testid="blotter-positions">
          <AgGridReact theme="legacy" columnDefs={POSITION_COLUMNS} rowData={positions} getRowId={(p) => p.data.symbol} overlayNoRowsTemplate="No positions" {...positionsSort} />
        </div>
      </section>
      <OptionPositions positions={feed.positions} />
      <section className="blotter-section blotter-account-section">
        <header className="blotter-header">
          <h2>Account</h2>
          {accountStale ? (
            <span className="blotter-stale" data-testid="blotter-account-stale" title={feed.accountFreshness.error}>
              {accountStale}
            </span>
          ) : null}
        </header>
        <div className="ag-theme-quartz-dark ws-grid blotter-grid" data-testid="blotter-account">
          <AgGridReact theme="legacy" columnDefs={ACCOUNT_COLUMNS} rowData={account} getRowId={(p) => p.data.name} />
        </div>
      </section>
      <section className="blotter-section blotter-algos">
        <header className="blotter-header">
          <h2>Algos</h2>
          <button type="button" data-testid="blotter-algo-cancel" disabled={algo?.status !== 'running'} onClick={() => algo && void cancelAlgo(algo.id)}>
            Cancel parent and children
          </button>
        </header>
        <div className="ag-theme-quartz-dark ws-grid blotter-grid" data-testid="blotter-algos">
          <AgGridReact<AlgoWire>
            theme="legacy"
            columnDefs={ALGO_COLUMNS}
            rowData={algos}
            getRowId={(p) => p.data.id}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onSelectionChanged={(e) => setSelectedAlgo(e.api.getSelectedRows()[0]?.id)}
            onCellKeyDown={(e) => {
              // Delete on a running parent cancels it and its children, as the button does.
              if ((e.event as globalThis.KeyboardEvent | null | undefined)?.key === 'Delete' && e.data?.status === 'running') void cancelAlgo(e.data.id);
            }}
            overlayNoRowsTemplate="No algos"
          />
        </div>
      </section>
      <section className="blotter-section blotter-fills">
        <header className="blotter-header">
          <h2>Fills</h2>
        </header>
        <div className="ag-theme-quartz-dark ws-grid blotter-grid" data-testid="blotter-fills">
          <AgGridReact theme="legacy" columnDefs={FILL_COLUMNS} rowData={[...feed.fills]} getRowId={(p) => p.data.executionId} overlayNoRowsTemplate="No fills" {...fillsSort} />
        </div>
      </section>
    </div>
  );
}
