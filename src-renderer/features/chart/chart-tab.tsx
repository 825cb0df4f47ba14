import './chart.css';
import { useMemo, useState } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import { usePanelState } from '../../app/dock/panel-context.js';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { CandleChart } from '../../components/chart/candle-chart.js';
import { choiceKey, isChartSymbol, isIndicatorChoices, isTimeframe } from './chart-state.js';
import { IndicatorPicker } from './indicator-picker.js';
import { StoredSeriesPicker } from './stored-series.js';
import { TickRecordingToggle } from './tick-recording.js';
import { useChartData } from './use-chart-data.js';
import { useFillMarkers } from './use-fill-markers.js';
import { useNewsMarkers } from './use-news-markers.js';
import { useComputedIndicators, useIndicatorList, type IndicatorChoice } from './use-indicators.js';

const INTRADAY: ReadonlySet<Timeframe> = new Set(['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour']);

/**
 * One chart: a symbol, a timeframe, indicators from the library, the live bar. Several can be open as tabs; each
 * keeps its symbol, timeframe and indicators in its dock panel, so they come back on reload. The symbol follows
 * the tab's link group (a watchlist row, another chart) and a symbol typed here drives the group.
 */
export function ChartTab() {
  const [symbol, setSymbol] = usePanelState('symbol', 'AAPL', isChartSymbol);
  const [draft, setDraft] = useState(symbol);
  const [timeframe, setTimeframe] = usePanelState<Timeframe>('timeframe', '1Day', isTimeframe);
  const [choices, setChoices] = usePanelState<IndicatorChoice[]>('indicators', [], isIndicatorChoices);
  const link = useLink((linked) => {
    setDraft(linked);
    setSymbol(linked);
  });
  const data = useChartData(symbol, timeframe);
  const fills = useFillMarkers(symbol);
  const news = useNewsMarkers(symbol);
  const list = useIndicatorList();
  const computed = useComputedIndicators(data.bars, choices, list);
  const viewKey = `${symbol}|${timeframe}`;
  const intraday = INTRADAY.has(timeframe);
  const shown = useMemo(() => computed.indicators.filter((i) => choices.some((c) => c.key === i.key)), [computed.indicators, choices]);

  return (
    <div className="tab-body chart-tab" data-testid="chart-tab">
      <div className="chart-toolbar">
        <LinkPicker group={link.group} onChange={link.setGroup} testId="chart-link" />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const s = draft.trim().toUpperCase();
            if (!isChartSymbol(s)) return;
            setSymbol(s);
            link.publish(s);
          }}
        >
          <input data-testid="chart-symbol" value={draft} onChange={(e) => setDraft(e.target.value)} size={8} aria-label="Symbol" />
        </form>
        <StoredSeriesPicker
          onPick={(s, tf) => {
            if (!isChartSymbol(s)) return;
            setDraft(s);
            setSymbol(s);
            setTimeframe(tf);
            link.publish(s);
          }}
        />
        <span className="timeframes" role="group" aria-label="Timeframe">
          {TIMEFRAMES.map((tf) => (
            <button
              key={tf}
              type="button"
              className={tf === timeframe ? 'toolbar-button active' : 'toolbar-button'}
              data-testid={`chart-tf-${tf}`}
              aria-pressed={tf === timeframe}
              onClick={() => setTimeframe(tf)}
            >
              {tf}
            </button>
          ))}
        </span>
        <TickRecordingToggle symbol={symbol} />
        <IndicatorPicker list={list} onAdd={(id, params) => setChoices([...choices, { key: choiceKey(id, choices), id, params }])} />
        <span className="chart-source" data-testid="chart-source">
          {data.loading ? 'loading…' : `${symbol} ${timeframe} · ${data.bars.length} bars · source: ${data.source ?? '—'}${fills.length > 0 ? ` · ${fills.length} ${fills.length === 1 ? 'fill' : 'fills'}` : ''}`}
        </span>
      </div>
      {choices.length > 0 ? (
        <div className="chart-indicators">
          {choices.map((c) => (
            <button key={c.key} type="button" className="toolbar-button subtle" data-testid={`chart-remove-${c.id}`} onClick={() => setChoices(choices.filter((x) => x.key !== c.key))}>
              {c.id} ✕
            </button>
          ))}
        </div>
      ) : null}
      {data.error ? <div className="inline-error" data-testid="chart-error">{data.error}</div> : null}
      {computed.error ? <div className="inline-error" data-testid="chart-indicator-error">{computed.error}</div> : null}
      <CandleChart bars={data.bars} indicators={shown} fills={fills} news={news} intraday={intraday} viewKey={viewKey} />
    </div>
  );
}
