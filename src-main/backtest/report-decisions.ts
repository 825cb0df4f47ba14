import type { BacktestResult } from './backtest.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const time = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16);
/** Rows shown: the newest decisions (the JSON keeps up to 10,000). */
const SHOWN = 200;

/**
 * The report's "why it traded, and why it did not": decision counts by code, the protection locks, and the newest
 * decisions with their reason and cause. Empty when the run had neither insights nor protections.
 */
export function decisionsSection(result: Pick<BacktestResult, 'decisions' | 'decisionCounts' | 'locks'>): string {
  if (result.decisions.length === 0 && result.locks.length === 0) return '';
  const counts = Object.entries(result.decisionCounts)
    .map(([code, n]) => `<tr><td>${esc(code)}</td><td>${n}</td></tr>`)
    .join('');
  const locks = result.locks
    .map((l) => `<tr><td>${esc(l.scope === '*' ? 'whole run' : l.scope)}</td><td>${esc(l.protection)}</td><td>${time(l.from)}</td><td>${time(l.until)}</td><td style="text-align:left">${esc(l.reason)}</td></tr>`)
    .join('\n');
  const rows = result.decisions
    .slice(-SHOWN)
    .reverse()
    .map(
      (d) =>
        `<tr><td>${time(d.t)}</td><td>${esc(d.code)}</td><td>${esc(d.symbol ?? '')}</td><td>${esc(d.side ?? '')}</td><td>${d.qty ?? ''}</td><td style="text-align:left">${esc(d.reason)}</td><td style="text-align:left">${esc(d.cause ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<h2>Decisions: why it traded, and why it did not</h2>
<table class="metrics">${counts}</table>
${locks ? `<h2>Protection locks (${result.locks.length})</h2><table><tr><th>Scope</th><th>Protection</th><th>From</th><th>Until</th><th>Reason</th></tr>\n${locks}</table>` : ''}
<h2>Newest decisions (${Math.min(SHOWN, result.decisions.length)} of ${result.decisions.length})</h2>
<table><tr><th>Time</th><th>Code</th><th>Symbol</th><th>Side</th><th>Qty</th><th>Reason</th><th>Cause</th></tr>
${rows}</table>`;
}
