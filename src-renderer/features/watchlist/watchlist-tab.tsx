import type { CellKeyDownEvent, GetRowIdParams, GridApi, GridReadyEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Watchlist } from '../../../src-shared/ipc/market-data-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { WATCHLIST_COLUMNS } from './columns.js';
import { registerGridModules } from './grid-setup.js';
import { useWatchFeed, type WatchFeedSink } from './use-watch-feed.js';
import type { WatchRow } from './watch-rows.js';
import './watchlist.css';

registerGridModules();

type Transaction = Parameters<WatchFeedSink['apply']>[0];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Named watchlists in an AG Grid: last, change, bid/ask/spread, volume, where the data came from and whether it
 * is stale. Rows update in place through grid transactions from main's coalesced batches. Keyboard: Enter adds
 * the typed symbol, Delete removes the focused row. Selecting a row sends its symbol to the tabs of its link group.
 */
export function WatchlistTab() {
  const client = useClient();
  const [lists, setLists] = useState<Watchlist[]>([]);
  const [active, setActive] = useState<string>('');
  const [symbolInput, setSymbolInput] = useState('');
  const [listInput, setListInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [feedError, setFeedError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const api = useRef<GridApi<WatchRow> | null>(null);
  const pending = useRef<Transaction[]>([]);

  useEffect(() => {
    client
      .invoke('marketData.watchlists', {})
      .then(({ watchlists }) => {
        setLists(watchlists);
        setActive((current) => current || watchlists[0]?.name || '');
      })
      .catch((e: unknown) => setError(`could not load watchlists: ${messageOf(e)}`));
  }, [client]);

  const list = lists.find((l) => l.name === active);
  const symbols = useMemo(() => list?.symbols ?? [], [list]);

  const sink = useMemo<WatchFeedSink>(
    () => ({
      apply: (change) => {
        if (api.current) api.current.applyTransactionAsync(change);
        else pending.current.push(change);
      },
      error: setFeedError,
    }),
    [],
  );
  useWatchFeed(client, symbols, sink);
  // A source of the link group: the selected row's symbol drives the group's charts and ticket.
  const link = useLink(() => undefined);

  const onGridReady = useCallback((event: GridReadyEvent<WatchRow>) => {
    api.current = event.api;
    for (const change of pending.current) event.api.applyTransactionAsync(change);
    pending.current = [];
  }, []);

  const save = async (next: Watchlist): Promise<void> => {
    const { watchlists } = await client.invoke('marketData.saveWatchlist', next);
    setLists(watchlists);
    setActive(next.name);
  };

  const addSymbol = async (): Promise<void> => {
    const input = symbolInput.trim();
    if (!input || !list) return;
    setBusy(true);
    try {
      const { valid, invalid } = await client.invoke('marketData.validateSymbols', { symbols: [input] });
      const asset = valid[0];
      if (!asset) {
        setError(invalid[0]?.reason ?? `${input} is not a known symbol`);
        return;
      }
      if (list.symbols.includes(asset.symbol)) {
        setError(`${asset.symbol} is already in ${list.name}`);
        return;
      }
      await save({ name: list.name, symbols: [...list.symbols, asset.symbol] });
      setSymbolInput('');
      setError(null);
    } catch (e) {
      setError(`could not add ${input}: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const removeSymbol = async (symbol: string): Promise<void> => {
    if (!list) return;
    try {
      await save({ name: list.name, symbols: list.symbols.filter((s) => s !== symbol) });
      setError(null);
    } catch (e) {
      setError(`could not remove ${symbol}: ${messageOf(e)}`);
    }
  };

  const createList = async (): Promise<void> => {
    const name = listInput.trim();
    if (!name) return;
    if (lists.some((l) => l.name === name)) {
      setActive(name);
      setListInput('');
      return;
    }
    try {
      await save({ name, symbols: [] });
      setListInput('');
      setError(null);
    } catch (e) {
      setError(`could not create ${name}: ${messageOf(e)}`);
    }
  };

  const deleteList = async (): Promise<void> => {
    if (!list) return;
    try {
      const { watchlists } = await client.invoke('marketData.deleteWatchlist', { name: list.name });
      setLists(watchlists);
      setActive(watchlists[0]?.name ?? '');
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const onCellKeyDown = (event: CellKeyDownEvent<WatchRow>): void => {
    const key = (event.event as globalThis.KeyboardEvent | null | undefined)?.key;
    if ((key === 'Delete' || key === 'Backspace') && event.data) void removeSymbol(event.data.symbol);
  };

  const onEnter = (action: () => Promise<void>) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void action();
    }
  };

  return (
    <div className="tab-body watchlist-tab" data-testid="watchlist-tab">
      <div className="watchlist-toolbar">
        <LinkPicker group={link.group} onChange={link.setGroup} testId="watchlist-link" />
        <select aria-label="Watchlist" data-testid="watchlist-select" value={active} onChange={(e) => setActive(e.target.value)}>
          {lists.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name} ({l.symbols.length})
            </option>
          ))}
        </select>
        <input
          aria-label="Add symbol"
          data-testid="watchlist-add-input"
          placeholder="Add symbol, Enter"
          value={symbolInput}
          disabled={busy || !list}
          onChange={(e) => setSymbolInput(e.target.value.toUpperCase())}
          onKeyDown={onEnter(addSymbol)}
        />
        <button type="button" data-testid="watchlist-add" disabled={busy || !list} onClick={() => void addSymbol()}>
          Add
        </button>
        <button
          type="button"
          data-testid="watchlist-remove"
          onClick={() => {
            const selected = api.current?.getSelectedRows()[0];
            if (selected) void removeSymbol(selected.symbol);
          }}
        >
          Remove selected
        </button>
        <span className="spacer" />
        <input aria-label="New watchlist name" data-testid="watchlist-new-name" placeholder="New list name" value={listInput} onChange={(e) => setListInput(e.target.value)} onKeyDown={onEnter(createList)} />
        <button type="button" data-testid="watchlist-create" onClick={() => void createList()}>
          New list
        </button>
        <button type="button" data-testid="watchlist-delete-list" disabled={lists.length < 2} onClick={() => void deleteList()}>
          Delete list
        </button>
      </div>
      {error ? (
        <div className="inline-error" role="alert" data-testid="watchlist-error">
          {error}
        </div>
      ) : null}
      {feedError ? <div className="inline-error" data-testid="watchlist-feed-error">{feedError}</div> : null}
      <div className="ag-theme-quartz-dark ws-grid watchlist-grid" data-testid="watchlist-grid">
        <AgGridReact<WatchRow>
          theme="legacy"
          columnDefs={WATCHLIST_COLUMNS}
          getRowId={(p: GetRowIdParams<WatchRow>) => p.data.symbol}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onGridReady={onGridReady}
          onCellKeyDown={onCellKeyDown}
          onSelectionChanged={(event) => {
            const selected = event.api.getSelectedRows()[0];
            if (selected) link.publish(selected.symbol);
          }}
          asyncTransactionWaitMillis={50}
          suppressCellFocus={false}
        />
      </div>
      <div className="watchlist-hint">Enter adds the typed symbol; Delete removes the focused row. Stale rows must not be traded on.</div>
    </div>
  );
}
