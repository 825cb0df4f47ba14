import { useEffect, useRef, useState } from 'react';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { IndicatorMetaDto } from '../../../src-shared/ipc/services/indicators.js';
import { useClient } from '../../app/client-context.js';
import type { ChartIndicator } from '../../components/chart/chart-model.js';

export interface IndicatorChoice {
  key: string;
  id: string;
  params: Record<string, number>;
}

export function useIndicatorList(): IndicatorMetaDto[] {
  const client = useClient();
  const [list, setList] = useState<IndicatorMetaDto[]>([]);
  useEffect(() => {
    client.invoke('indicators.list', {}).then((r) => setList(r.indicators)).catch(() => setList([]));
  }, [client]);
  return list;
}

/** How often the live bar may trigger a recomputation in main. */
const RECOMPUTE_MS = 1000;

/**
 * The chosen indicators computed in main (indicators.compute over the chart's own bars, so they line up bar for
 * bar). While the live bar ticks, recomputation is throttled to once a second.
 */
export function useComputedIndicators(bars: readonly Bar[], choices: readonly IndicatorChoice[], meta: readonly IndicatorMetaDto[]): {
  indicators: ChartIndicator[];
  error: string | null;
} {
  const client = useClient();
  const [result, setResult] = useState<{ indicators: ChartIndicator[]; error: string | null }>({ indicators: [], error: null });
  const lastRun = useRef(0);
  const lastChoices = useRef<readonly IndicatorChoice[]>([]);

  useEffect(() => {
    if (bars.length === 0 || choices.length === 0 || meta.length === 0) {
      setResult({ indicators: [], error: null });
      return;
    }
    let live = true;
    const choicesChanged = lastChoices.current !== choices;
    const wait = choicesChanged ? 0 : Math.max(0, lastRun.current + RECOMPUTE_MS - Date.now());
    const timer = setTimeout(() => {
      lastRun.current = Date.now();
      lastChoices.current = choices;
      Promise.all(
        choices.map(async (choice): Promise<ChartIndicator> => {
          const m = meta.find((x) => x.id === choice.id)!;
          const r = await client.invoke('indicators.compute', { indicator: choice.id, params: choice.params, bars: [...bars] });
          const args = m.params.map((p) => r.params[p.name]).join(', ');
          return {
            key: choice.key,
            label: `${choice.id.toUpperCase()}${args ? `(${args})` : ''}`,
            pane: m.pane,
            levels: m.levels,
            outputs: m.outputs.map((name) => ({ name, values: r.outputs[name] ?? [] })),
          };
        }),
      )
        .then((indicators) => live && setResult({ indicators, error: null }))
        .catch((e: unknown) => live && setResult((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) })));
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, bars, choices, meta]);

  return result;
}
