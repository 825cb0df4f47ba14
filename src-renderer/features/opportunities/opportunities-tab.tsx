import type { CellKeyDownEvent, GetRowIdParams, RowClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useState } from 'react';
import type { OpportunityDto } from '../../../src-shared/ipc/opportunities-schemas.js';
import { useClient } from '../../app/client-context.js';
import { usePanelState } from '../../app/dock/panel-context.js';
import { useOpenTab } from '../../app/dock/tab-opener.js';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { useOfferTicketDraft } from '../../app/ticket-draft/ticket-draft-context.js';
import { formatExchangeDateTime } from '../../components/format.js';
import { useGridSort } from '../../hooks/use-grid-sort.js';
import { opportunityColumns } from './columns.js';
import { registerOpportunityGridModules } from './grid-setup.js';
import { applyFilter, filterChoices, NO_FILTER, reconcileFilter, rowsOf, type OpportunityFilter, type OpportunityRow } from './opportunity-filter.js';
import { ReliabilityChart } from './reliability-chart.js';
import { pooledReliability } from './reliability-model.js';
import { ticketDraftOf } from './ticket-draft-of.js';
import { useOpportunities, useReliability } from './use-opportunities.js';
import './opportunities.css';

registerOpportunityGridModules();

const isFilter = (v: unknown): v is OpportunityFilter =>
  typeof v === 'object' && v !== null && typeof (v as OpportunityFilter).family === 'string' && typeof (v as OpportunityFilter).strategy === 'string' && typeof (v as OpportunityFilter).minConfidence === 'number';

/** A daily scan is as of a session's date; an intraday one as of its bar's time in New York. */
const asOfText = (asOf: number, timeframe: string): string => (timeframe === '1Day' ? new Date(asOf).toISOString().slice(0, 10) : formatExchangeDateTime(asOf));
const horizonUnitOf = (timeframe: string): string => (timeframe === '1Day' ? 'days' : `bars (${timeframe})`);
const pct = (v: number | null, digits = 1): string => (v === null ? '—' : `${(100 * v).toFixed(digits)}%`);

/**
 * The opportunity scanner's ranked list, live: every strategy over the mode's universe, ranked by calibrated
 * confidence, filtered by family, strategy and a lowest confidence. A row (click or Enter) sends its symbol to the
 * link group's chart and opens the ticket prefilled with the symbol, side and a starting limit: the trader sizes,
 * previews and sends it there, through the risk check like any order. Nothing trades from this tab. Beside the
 * grid, the reliability diagram of the chosen strategy (or all of them) shows whether the confidences hold.
 */
export function OpportunitiesTab() {
  const client = useClient();
  const open = useOpenTab();
  const offerDraft = useOfferTicketDraft();
  const link = useLink(() => undefined);
  const { latest, error, rescanning, rescan } = useOpportunities();
  const [stored, setFilter] = usePanelState<OpportunityFilter>('filter', NO_FILTER, isFilter);
  const [acting, setActing] = useState<string | null>(null);
  const sort = useGridSort('opportunities', [{ colId: 'rank', sort: 'asc' }]);

  const list = latest?.list;
  const rows = useMemo(() => rowsOf(list?.opportunities ?? []), [list]);
  const filter = useMemo(() => reconcileFilter(stored, rows), [stored, rows]);
  const shown = useMemo(() => applyFilter(rows, filter), [rows, filter]);
  const choices = useMemo(() => filterChoices(rows, filter.family), [rows, filter.family]);
  const columns = useMemo(() => opportunityColumns(horizonUnitOf(list?.timeframe ?? '1Day')), [list?.timeframe]);

  const { reliability, error: reliabilityError } = useReliability(list?.asOf);
  const pooled = useMemo(() => (reliability ? pooledReliability(reliability.calibration, filter.strategy) : undefined), [reliability, filter.strategy]);

  useEffect(() => {
    if (acting === null) return;
    const timer = setTimeout(() => setActing(null), 4000);
    return () => clearTimeout(timer);
  }, [acting]);

  const act = async (o: OpportunityDto): Promise<void> => {
    setActing(`${o.symbol}: opening the chart and a ticket`);
    link.publish(o.symbol);
    open('chart');
    let snapshot;
    try {
      snapshot = (await client.invoke('marketData.snapshot', { symbols: [o.symbol] })).snapshots[0];
    } catch {
      // No snapshot: the draft has no starting price, and the ticket's live quote line prices it.
    }
    offerDraft(ticketDraftOf(o, snapshot));
    open('ticket');
  };

  const onRowClicked = (event: RowClickedEvent<OpportunityRow>): void => {
    if (event.data) void act(event.data);
  };
  const onCellKeyDown = (event: CellKeyDownEvent<OpportunityRow>): void => {
    const key = (event.event as KeyboardEvent | null | undefined)?.key;
    if (key === 'Enter' && event.data) void act(event.data);
  };

  const set = (next: Partial<OpportunityFilter>): void => setFilter({ ...filter, ...next });

  return (
    <div className="tab-body opportunities-tab" data-testid="opportunities-tab">
      <div className="opp-toolbar">
        <LinkPicker group={link.group} onChange={link.setGroup} testId="opp-link" />
        <label>
          Family{' '}
          <select data-testid="opp-filter-family" value={filter.family} onChange={(e) => set({ family: e.target.value, strategy: '' })}>
            <option value="">all ({rows.length})</option>
            {choices.families.map((f) => (
              <option key={f.value} value={f.value}>
                {f.value} ({f.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          Strategy{' '}
          <select data-testid="opp-filter-strategy" value={filter.strategy} onChange={(e) => set({ strategy: e.target.value })}>
            <option value="">all</option>
            {choices.strategies.map((s) => (
              <option key={s.value} value={s.value}>
                {s.value} ({s.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          Confidence at least{' '}
          <input
            data-testid="opp-filter-confidence"
            type="number"
            min={0}
            max={100}
            step={1}
            value={Math.round(filter.minConfidence * 100)}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v)) set({ minConfidence: Math.min(100, Math.max(0, v)) / 100 });
            }}
          />{' '}
          %
        </label>
        <button type="button" data-testid="opp-rescan" disabled={rescanning || !list || (list.asOf === 0 && !list.problem)} onClick={rescan}>
          {rescanning ? 'Scanning…' : 'Scan now'}
        </button>
        <span className="opp-spacer" />
        <span className="opp-status" data-testid="opp-status" data-scanned-at={list?.scannedAt ?? 0}>
          {list && list.asOf > 0
            ? `as of ${asOfText(list.asOf, list.timeframe)} · ${list.symbols} symbols · ${list.strategies.length - list.skipped.length} strategies · scan ${Math.round(list.scanMs)} ms · ${shown.length} of ${rows.length} shown`
            : latest?.running
              ? 'scanning the universe…'
              : 'starting the scanner…'}
        </span>
        <span className="opp-today">
          discovered today <b data-testid="opp-discovered-today">{latest?.discoveredToday ?? 0}</b>
        </span>
      </div>
      {error ? (
        <div className="inline-error" role="alert" data-testid="opp-error">
          {error}
        </div>
      ) : null}
      {list?.problem ? (
        <div className="inline-error" data-testid="opp-problem">
          {list.problem}
        </div>
      ) : null}
      <div className="opp-hint">
        Ranked by calibrated confidence: how often this strategy&apos;s past signals in this volatility regime were right. A row opens its chart and a
        prefilled ticket; the order is yours to size, preview and send, and passes the risk check like any other. Nothing trades from here.
        {acting ? <span className="opp-acting"> {acting}</span> : null}
      </div>
      <div className="opp-body">
        <div className="ag-theme-quartz-dark ws-grid opp-grid" data-testid="opp-grid">
          <AgGridReact<OpportunityRow>
            theme="legacy"
            rowData={shown}
            columnDefs={columns}
            getRowId={(p: GetRowIdParams<OpportunityRow>) => p.data.id}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={onRowClicked}
            onCellKeyDown={onCellKeyDown}
            initialState={sort.initialState}
            onSortChanged={sort.onSortChanged}
            tooltipShowDelay={300}
            suppressCellFocus={false}
          />
        </div>
        <aside className="opp-side" data-testid="opp-reliability">
          <h3>Reliability {filter.strategy ? `of ${filter.strategy}` : 'of every strategy'}</h3>
          {pooled ? (
            <>
              <ReliabilityChart pooled={pooled} />
              <div className="opp-figures">
                <span>
                  outcomes <b data-testid="opp-reliability-samples">{pooled.samples}</b>
                </span>
                <span>
                  hit rate <b>{pct(pooled.hitRate)}</b>
                </span>
                <span>
                  Brier <b>{pooled.brier === null ? '—' : pooled.brier.toFixed(3)}</b>
                </span>
              </div>
              <p className="opp-note">Each signal is scored when its horizon ends and predicted only from outcomes that had ended before it.</p>
            </>
          ) : (
            <p className="opp-note">{reliabilityError ?? 'The diagram follows the first scan.'}</p>
          )}
          {list && list.skipped.length > 0 ? (
            <details className="opp-skipped" data-testid="opp-skipped">
              <summary>{list.skipped.length} strategies not scanned</summary>
              <ul>
                {list.skipped.map((s) => (
                  <li key={s.strategy}>
                    <b>{s.strategy}</b>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
