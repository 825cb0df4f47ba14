import type { ProtectionsForm } from './bot-form-model.js';

type Set = (update: (p: ProtectionsForm) => ProtectionsForm) => void;

function Num({ id, label, value, disabled, onChange, title }: { id: string; label: string; value: string; disabled: boolean; onChange: (v: string) => void; title?: string }) {
  return (
    <label title={title}>
      {label}
      <input data-testid={`bot-${id}`} inputMode="decimal" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function Switch({ id, label, on, onChange, title }: { id: string; label: string; on: boolean; onChange: (on: boolean) => void; title: string }) {
  return (
    <label className="bot-prot-switch" title={title}>
      <input type="checkbox" data-testid={`bot-${id}`} checked={on} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/**
 * The four protections of a bot (each refuses new entries while its lock lasts; exits stay allowed): a checkbox to
 * switch each on, its numbers beside it. Native inputs, so Tab and Space reach and toggle every one.
 */
export function ProtectionsFields({ value: p, set }: { value: ProtectionsForm; set: Set }) {
  return (
    <fieldset className="bot-protections" data-testid="bot-protections">
      <legend>Protections</legend>
      <div className="bot-prot-row">
        <Switch id="prot-cooldown" label="Cooldown" on={p.cooldown.on} onChange={(on) => set((x) => ({ ...x, cooldown: { ...x.cooldown, on } }))} title="After a symbol's position is closed, no new entry in it for this long" />
        <Num id="prot-cooldown-hours" label="hours" value={p.cooldown.hours} disabled={!p.cooldown.on} onChange={(hours) => set((x) => ({ ...x, cooldown: { ...x.cooldown, hours } }))} />
      </div>
      <div className="bot-prot-row">
        <Switch id="prot-stoploss" label="Stop-loss guard" on={p.stoploss.on} onChange={(on) => set((x) => ({ ...x, stoploss: { ...x.stoploss, on } }))} title="So many stop-outs within the window lock the symbol (or the whole bot) for the lock's hours" />
        <Num id="prot-stoploss-trades" label="stop-outs" value={p.stoploss.trades} disabled={!p.stoploss.on} onChange={(trades) => set((x) => ({ ...x, stoploss: { ...x.stoploss, trades } }))} />
        <Num id="prot-stoploss-lookback" label="within h" value={p.stoploss.lookbackHours} disabled={!p.stoploss.on} onChange={(lookbackHours) => set((x) => ({ ...x, stoploss: { ...x.stoploss, lookbackHours } }))} />
        <Num id="prot-stoploss-lock" label="lock h" value={p.stoploss.lockHours} disabled={!p.stoploss.on} onChange={(lockHours) => set((x) => ({ ...x, stoploss: { ...x.stoploss, lockHours } }))} />
        <label>
          lock
          <select data-testid="bot-prot-stoploss-scope" value={p.stoploss.scope} disabled={!p.stoploss.on} onChange={(e) => set((x) => ({ ...x, stoploss: { ...x.stoploss, scope: e.target.value === 'bot' ? 'bot' : 'symbol' } }))}>
            <option value="symbol">the symbol</option>
            <option value="bot">the whole bot</option>
          </select>
        </label>
      </div>
      <div className="bot-prot-row">
        <Switch id="prot-drawdown" label="Max drawdown" on={p.drawdown.on} onChange={(on) => set((x) => ({ ...x, drawdown: { ...x.drawdown, on } }))} title="A fall of the bot's equity of this many percent within the window locks the whole bot" />
        <Num id="prot-drawdown-percent" label="%" value={p.drawdown.percent} disabled={!p.drawdown.on} onChange={(percent) => set((x) => ({ ...x, drawdown: { ...x.drawdown, percent } }))} />
        <Num id="prot-drawdown-lookback" label="within h" value={p.drawdown.lookbackHours} disabled={!p.drawdown.on} onChange={(lookbackHours) => set((x) => ({ ...x, drawdown: { ...x.drawdown, lookbackHours } }))} />
        <Num id="prot-drawdown-lock" label="lock h" value={p.drawdown.lockHours} disabled={!p.drawdown.on} onChange={(lockHours) => set((x) => ({ ...x, drawdown: { ...x.drawdown, lockHours } }))} />
      </div>
      <div className="bot-prot-row">
        <Switch id="prot-lowprofit" label="Low profit" on={p.lowProfit.on} onChange={(on) => set((x) => ({ ...x, lowProfit: { ...x.lowProfit, on } }))} title="A symbol whose closed trades within the window made less than this percent is locked" />
        <Num id="prot-lowprofit-percent" label="min %" value={p.lowProfit.percent} disabled={!p.lowProfit.on} onChange={(percent) => set((x) => ({ ...x, lowProfit: { ...x.lowProfit, percent } }))} />
        <Num id="prot-lowprofit-trades" label="trades" value={p.lowProfit.trades} disabled={!p.lowProfit.on} onChange={(trades) => set((x) => ({ ...x, lowProfit: { ...x.lowProfit, trades } }))} />
        <Num id="prot-lowprofit-lookback" label="within h" value={p.lowProfit.lookbackHours} disabled={!p.lowProfit.on} onChange={(lookbackHours) => set((x) => ({ ...x, lowProfit: { ...x.lowProfit, lookbackHours } }))} />
        <Num id="prot-lowprofit-lock" label="lock h" value={p.lowProfit.lockHours} disabled={!p.lowProfit.on} onChange={(lockHours) => set((x) => ({ ...x, lowProfit: { ...x.lowProfit, lockHours } }))} />
      </div>
    </fieldset>
  );
}
