import { useMemo, useState } from 'react';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { formatExchangeDateTime } from '../../components/format.js';
import { formatScore, sentimentClass } from './sentiment-style.js';
import { useNews } from './use-news.js';
import './news.css';

const WINDOWS: ReadonlyArray<{ label: string; ms: number }> = [
  { label: '1 day', ms: 86_400_000 },
  { label: '3 days', ms: 3 * 86_400_000 },
  { label: '7 days', ms: 7 * 86_400_000 },
];

function parseSymbols(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter((s) => /^[A-Z][A-Z0-9.-]{0,9}$/.test(s)))];
}

/**
 * Headlines with their time on the exchange's clock (ET), symbols, source and sentiment score (coloured by sign),
 * newest first, live. The filter follows the tab's link group (a symbol chosen elsewhere filters here), and a
 * symbol clicked here is published to the group. Above the list: what each symbol's recent headlines add up to.
 */
export function NewsTab() {
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState('');
  const [windowMs, setWindowMs] = useState(WINDOWS[2]!.ms);
  const link = useLink((symbol) => {
    setFilter(symbol);
    setDraft(symbol);
  });
  const symbols = useMemo(() => parseSymbols(filter), [filter]);
  const news = useNews(symbols, windowMs);

  const choose = (symbol: string) => {
    setFilter(symbol);
    setDraft(symbol);
    link.publish(symbol);
  };

  return (
    <div className="tab-body news-tab" data-testid="news-tab">
      <div className="news-toolbar">
        <LinkPicker group={link.group} onChange={link.setGroup} testId="news-link" />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilter(draft);
            const first = parseSymbols(draft)[0];
            if (first) link.publish(first);
          }}
        >
          <input aria-label="Filter by symbol" placeholder="all symbols" value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="news-filter" />
        </form>
        <button
          type="button"
          onClick={() => {
            setFilter('');
            setDraft('');
          }}
          disabled={filter === ''}
          data-testid="news-all"
        >
          All
        </button>
        <select aria-label="Window" value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))} data-testid="news-window">
          {WINDOWS.map((w) => (
            <option key={w.ms} value={w.ms}>
              {w.label}
            </option>
          ))}
        </select>
        <span className="news-status" data-testid="news-status">
          {news.loading ? 'loading…' : `${news.headlines.length} headlines${news.asOf ? ` to ${formatExchangeDateTime(news.asOf)}` : ''}`}
        </span>
        {news.error && (
          <span className="error" role="alert" data-testid="news-error">
            {news.error}
          </span>
        )}
      </div>
      {news.insights.length > 0 && (
        <ul className="news-insights" data-testid="news-insights">
          {news.insights.map((i) => (
            <li key={i.symbol} data-testid="news-insight" className={i.direction === 'up' ? 'news-positive' : 'news-negative'} title={i.reason}>
              <button type="button" className="news-symbol" onClick={() => choose(i.symbol)}>
                {i.symbol}
              </button>{' '}
              {i.direction} {Math.round(i.confidence * 100)}% ({i.headlines})
            </li>
          ))}
        </ul>
      )}
      <div className="news-list">
        <table className="news-table" data-testid="news-table">
          <thead>
            <tr>
              <th>Time (ET)</th>
              <th>Symbols</th>
              <th>Source</th>
              <th>Sentiment</th>
              <th>Headline</th>
            </tr>
          </thead>
          <tbody>
            {news.headlines.map((h) => (
              <tr key={h.id} data-testid="news-row">
                <td className="news-time" data-testid="news-time">
                  {formatExchangeDateTime(h.t)}
                </td>
                <td data-testid="news-symbols">
                  {h.symbols.map((s) => (
                    <button key={s} type="button" className="news-symbol" onClick={() => choose(s)}>
                      {s}
                    </button>
                  ))}
                </td>
                <td>{h.source}</td>
                <td className={`news-score ${sentimentClass(h.sentiment.score)}`} data-testid="news-score" title={h.sentiment.cues.map((c) => `${c.text} ${formatScore(c.weight)}`).join(', ')}>
                  {formatScore(h.sentiment.score)}
                </td>
                <td className="news-headline" title={h.summary}>
                  {h.headline}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!news.loading && news.headlines.length === 0 && !news.error && <p className="news-empty">No headlines in this window{symbols.length > 0 ? ` for ${symbols.join(', ')}` : ''}.</p>}
      </div>
    </div>
  );
}
