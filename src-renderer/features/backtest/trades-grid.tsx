import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type { TradeDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { day } from './format.js';
import { registerGridModules } from './grid-setup.js';

registerGridModules();

const COLUMNS: ColDef<TradeDto>[] = [
  { field: 'symbol', width: 90 },
  { field: 'direction', width: 90 },
  { field: 'entryTime', headerName: 'Entry', width: 110, valueFormatter: (p) => day(p.value as number) },
  { field: 'entryPrice', headerName: 'Entry price', width: 110, valueFormatter: (p) => (p.value as number).toFixed(4) },
  { field: 'exitTime', headerName: 'Exit', width: 110, valueFormatter: (p) => day(p.value as number) },
  { field: 'exitPrice', headerName: 'Exit price', width: 110, valueFormatter: (p) => (p.value as number).toFixed(4) },
  { field: 'qty', width: 80 },
  { field: 'pnl', headerName: 'P&L', width: 110, valueFormatter: (p) => (p.value as number).toFixed(2), cellClass: (p) => ((p.value as number) >= 0 ? 'pnl-up' : 'pnl-down') },
  { field: 'returnPct', headerName: 'Return', width: 100, valueFormatter: (p) => `${((p.value as number) * 100).toFixed(2)} %` },
  { field: 'bars', width: 80 },
];

/** The closed trades of a run, sortable. */
export function TradesGrid({ trades }: { trades: readonly TradeDto[] }) {
  return (
    <div className="ag-theme-quartz-dark backtest-trades" data-testid="backtest-trades" data-rows={trades.length}>
      <AgGridReact<TradeDto> theme="legacy" columnDefs={COLUMNS} rowData={[...trades]} defaultColDef={{ sortable: true, resizable: true }} />
    </div>
  );
}
