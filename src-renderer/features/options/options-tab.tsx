import type { CellClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { registerChainGridModules } from './grid-setup.js';
import { CHAIN_COLUMNS } from './chain-columns.js';
import { pairByStrike, type StrikeRow } from './chain-rows.js';
import { legFromRow, type BuilderLeg } from './legs.js';
import { MultiLegOrder } from './multi-leg-order.js';
import { StrategyBuilder } from './strategy-builder.js';
import { buildTemplate } from './templates.js';
import { useChain } from './use-chain.js';
import { VolPanel } from './vol-panel.js';
import './options.css';

registerChainGridModules();

/**
 * An underlying's option chain: calls | strike | puts per expiry (tabs), in-the-money contracts shaded, IV and
 * greeks computed here (the snapshot lacked them) in italics with a star. The link group's symbol drives it.
 */
export function OptionsTab() {
  const [underlying, setUnderlying] = useState('SPY');
  const [draft, setDraft] = useState('SPY');
  const [picked, setPicked] = useState<string | null>(null);
  const link = useLink((linked) => {
    setDraft(linked);
    setUnderlying(linked);
  });
  const { chain, error } = useChain(underlying);
  const expiry = picked && chain?.expirations.includes(picked) ? picked : (chain?.expirations[0] ?? null);
  const rows = useMemo(() => (chain && expiry ? pairByStrike(chain.rows, expiry) : []), [chain, expiry]);
  const [legs, setLegs] = useState<BuilderLeg[]>([]);
  const [builderError, setBuilderError] = useState<string | null>(null);

  // A click on a bid sells that contract, on an ask buys it.
  const onCellClicked = (event: CellClickedEvent<StrikeRow>) => {
    const [side, field] = event.column.getColId().split('.');
    if ((side !== 'call' && side !== 'put') || (field !== 'bid' && field !== 'ask')) return;
    const row = event.data?.[side];
    if (!row) return;
    const leg = legFromRow(row, field === 'ask' ? 'buy' : 'sell');
    if (leg) setLegs((current) => [...current, leg]);
    setBuilderError(leg ? null : `${row.symbol} has no price or IV to value it with`);
  };
  const addTemplate = (name: string) => {
    if (!chain || chain.spot === null || !expiry) return;
    const next = chain.expirations[chain.expirations.indexOf(expiry) + 1];
    try {
      setLegs(buildTemplate(name, rows, next ? pairByStrike(chain.rows, next) : [], chain.spot, underlying));
      setBuilderError(null);
    } catch (e) {
      setBuilderError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="tab-body options-tab" data-testid="options-tab">
      <div className="options-toolbar">
        <LinkPicker group={link.group} onChange={link.setGroup} testId="options-link" />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const s = draft.trim().toUpperCase();
            if (s) {
              setUnderlying(s);
              link.publish(s);
            }
          }}
        >
          <input aria-label="Underlying" value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="options-symbol" />
        </form>
        <span data-testid="options-spot">{chain?.spot != null ? `spot ${chain.spot.toFixed(2)}` : ''}</span>
        <span>{chain ? `${chain.source}; ${chain.computed} rows with greeks computed here (*)` : 'loading…'}</span>
        {error && <span className="error" role="alert">{error}</span>}
      </div>
      <div className="options-toolbar options-expiries" role="tablist">
        {chain?.expirations.map((e) => (
          <button key={e} type="button" role="tab" aria-pressed={e === expiry} onClick={() => setPicked(e)}>
            {e}
          </button>
        ))}
      </div>
      <div className="options-body">
        <div className="ag-theme-quartz-dark ws-grid options-grid" data-testid="options-chain">
          <AgGridReact<StrikeRow> theme="legacy" columnDefs={CHAIN_COLUMNS} rowData={rows} getRowId={(p) => String(p.data.strike)} onCellClicked={onCellClicked} />
        </div>
        <div className="options-builder">
          {builderError && <div role="alert" className="error">{builderError}</div>}
          <StrategyBuilder legs={legs} spot={chain?.spot ?? null} asOf={chain?.asOf ?? null} onTemplate={addTemplate} onRemove={(i) => setLegs((c) => c.filter((_, j) => j !== i))} onClear={() => setLegs([])} />
          <MultiLegOrder legs={legs} />
        </div>
      </div>
      {chain && <VolPanel chain={chain} expiry={expiry} />}
    </div>
  );
}
