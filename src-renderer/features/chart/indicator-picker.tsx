import { useState } from 'react';
import type { IndicatorMetaDto } from '../../../src-shared/ipc/services/indicators.js';

export interface IndicatorPickerProps {
  list: readonly IndicatorMetaDto[];
  onAdd: (id: string, params: Record<string, number>) => void;
}

/** Choose an indicator and its parameters (ranges from the registry; main checks them again). */
export function IndicatorPicker({ list, onAdd }: IndicatorPickerProps) {
  const usable = list.filter((m) => m.inputs !== 'pair');
  const [id, setId] = useState('');
  const meta = usable.find((m) => m.id === id);
  const [params, setParams] = useState<Record<string, number>>({});

  return (
    <span className="indicator-picker">
      <select
        data-testid="chart-indicator-select"
        value={id}
        onChange={(e) => {
          setId(e.target.value);
          const m = usable.find((x) => x.id === e.target.value);
          setParams(Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.default])));
        }}
      >
        <option value="">Add indicator…</option>
        {usable.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      {meta?.params.map((p) => (
        <label key={p.name} className="indicator-param">
          {p.label}
          <input
            type="number"
            data-testid={`chart-param-${p.name}`}
            min={p.min}
            max={p.max}
            step={p.step}
            value={params[p.name] ?? p.default}
            onChange={(e) => setParams({ ...params, [p.name]: Number(e.target.value) })}
          />
        </label>
      ))}
      <button type="button" className="toolbar-button" data-testid="chart-indicator-add" disabled={!meta} onClick={() => meta && onAdd(meta.id, params)}>
        Add
      </button>
    </span>
  );
}
