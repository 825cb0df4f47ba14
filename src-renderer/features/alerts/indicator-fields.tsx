import { useEffect, useState } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { AlertCondition } from '../../../src-shared/ipc/alerts-schemas.js';
import type { IndicatorMetaDto } from '../../../src-shared/ipc/services/indicators.js';
import { useClient } from '../../app/client-context.js';

export interface IndicatorDraft {
  indicator: string;
  timeframe: Timeframe;
  params: Record<string, string>;
  output: string;
  direction: 'crosses-above' | 'crosses-below';
  level: string;
}

export const EMPTY_INDICATOR_DRAFT: IndicatorDraft = { indicator: 'rsi', timeframe: '1Min', params: {}, output: '', direction: 'crosses-above', level: '70' };

/** The condition the draft describes; parameters left empty take the registry's defaults in main. */
export function indicatorCondition(symbol: string, d: IndicatorDraft): AlertCondition {
  const params: Record<string, number> = {};
  for (const [name, text] of Object.entries(d.params)) if (text.trim() !== '') params[name] = Number(text);
  return {
    kind: 'indicator',
    symbol,
    timeframe: d.timeframe,
    indicator: d.indicator,
    params,
    ...(d.output ? { output: d.output } : {}),
    direction: d.direction,
    level: Number(d.level),
  };
}

/** The library's indicators of one symbol (pair indicators compare two symbols, which alerts do not take). */
function useSingleSymbolIndicators(): IndicatorMetaDto[] {
  const client = useClient();
  const [list, setList] = useState<IndicatorMetaDto[]>([]);
  useEffect(() => {
    client
      .invoke('indicators.list', {})
      .then((r) => setList(r.indicators.filter((m) => m.inputs !== 'pair')))
      .catch(() => setList([]));
  }, [client]);
  return list;
}

/** The indicator condition's fields: which indicator, its parameters and output, the timeframe, the crossing. */
export function IndicatorFields({ draft, onChange }: { draft: IndicatorDraft; onChange: (draft: IndicatorDraft) => void }) {
  const list = useSingleSymbolIndicators();
  const meta = list.find((m) => m.id === draft.indicator);
  return (
    <>
      <label>
        Indicator
        <select data-testid="alert-indicator" value={draft.indicator} onChange={(e) => onChange({ ...draft, indicator: e.target.value, params: {}, output: '' })}>
          {(list.length > 0 ? list : [{ id: draft.indicator, name: draft.indicator }]).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {meta?.params.map((p) => (
        <label key={p.name}>
          {p.label}
          <input
            data-testid={`alert-indicator-param-${p.name}`}
            value={draft.params[p.name] ?? ''}
            placeholder={String(p.default)}
            onChange={(e) => onChange({ ...draft, params: { ...draft.params, [p.name]: e.target.value } })}
            inputMode="decimal"
            size={5}
          />
        </label>
      ))}
      {meta && meta.outputs.length > 1 ? (
        <label>
          Output
          <select data-testid="alert-indicator-output" value={draft.output || meta.outputs[0]} onChange={(e) => onChange({ ...draft, output: e.target.value })}>
            {meta.outputs.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        On
        <select data-testid="alert-indicator-timeframe" value={draft.timeframe} onChange={(e) => onChange({ ...draft, timeframe: e.target.value as Timeframe })}>
          {TIMEFRAMES.map((tf) => (
            <option key={tf} value={tf}>
              {tf}
            </option>
          ))}
        </select>
      </label>
      <label>
        Crosses
        <select data-testid="alert-indicator-direction" value={draft.direction} onChange={(e) => onChange({ ...draft, direction: e.target.value as IndicatorDraft['direction'] })}>
          <option value="crosses-above">above</option>
          <option value="crosses-below">below</option>
        </select>
      </label>
      <label>
        Level
        <input data-testid="alert-indicator-level" value={draft.level} onChange={(e) => onChange({ ...draft, level: e.target.value })} inputMode="decimal" size={7} />
      </label>
    </>
  );
}
