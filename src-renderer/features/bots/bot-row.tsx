import type { BotSummaryDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { describeParams } from './bot-form-model.js';
import { allocationUsed, plClass, signedDollars, winRate } from './bot-figures.js';
import { decisionLine } from './decision-text.js';

/** `stop` also cancels the bot's working orders (not the exits protecting its positions); `stop-keep` leaves them. */
export type Action = 'start' | 'stop' | 'stop-keep' | 'resume' | 'delete';

/** What the trader can do with a bot in its state. */
function actionsFor(bot: BotDto): Action[] {
  switch (bot.state) {
    case 'running':
    case 'starting':
      return ['stop', 'stop-keep'];
    case 'paused':
      return ['resume', 'stop', 'stop-keep', 'delete'];
    default:
      return ['start', 'delete'];
  }
}

const LABEL: Record<Action, string> = { start: 'Start', stop: 'Stop', 'stop-keep': 'Stop, keep orders', resume: 'Resume', delete: 'Delete' };
const TITLE: Partial<Record<Action, string>> = {
  stop: 'Stop the bot and cancel its working orders at the broker (the stops protecting its positions stay)',
  'stop-keep': 'Stop the bot and leave its working orders at the broker (they can still fill; cancel them in the Orders tab)',
};

/** One bot's row: its figures from its own ledger, its last decisions with why, its controls. */
export function BotRow({ bot, summary, selected, onOpen, onAction }: { bot: BotDto; summary: BotSummaryDto | undefined; selected: boolean; onOpen: () => void; onAction: (action: Action) => void }) {
  const symbols = bot.symbols.length > 4 ? `${bot.symbols.slice(0, 4).join(', ')} +${bot.symbols.length - 4}` : bot.symbols.join(', ');
  return (
    <tr className={selected ? 'bot-row selected' : 'bot-row'} data-testid="bot-row" data-bot-name={bot.name} data-state={bot.state}>
      <td>
        <button className="link-button" type="button" data-testid="bot-open" aria-expanded={selected} aria-label={`Details of ${bot.name}`} onClick={onOpen}>
          {bot.name}
        </button>
      </td>
      <td>
        <span className={`bot-state bot-state-${bot.state}`} data-testid="bot-state">
          {bot.state}
        </span>
      </td>
      <td>
        {bot.strategy} <span className="muted">{bot.timeframe}</span>
        <div className="muted bot-params">{describeParams(bot.params)}</div>
      </td>
      <td title={bot.symbols.join(', ')} data-testid="bot-symbols-cell">
        {symbols} <span className="muted">({bot.symbols.length})</span>
      </td>
      <td className="num" data-testid="bot-row-allocation">
        {summary ? allocationUsed(summary) : Number(bot.allocation).toLocaleString('en-US', { maximumFractionDigits: 2 })}
      </td>
      <td className={`num ${summary ? plClass(summary.pl) : ''}`} data-testid="bot-pl" title={summary ? `realised ${summary.realizedPl}, unrealised ${summary.unrealizedPl}` : undefined}>
        {summary ? signedDollars(summary.pl) : '—'}
      </td>
      <td className="num" data-testid="bot-winrate">
        {summary ? winRate(summary) : '—'}
      </td>
      <td className="num" data-testid="bot-open-positions">
        {summary?.openPositions ?? '—'}
      </td>
      <td className="num" data-testid="bot-locks">
        {summary?.locks ?? '—'}
      </td>
      <td className="num" data-testid="bot-orders">
        {bot.ordersSent}
      </td>
      <td className="bot-reason">
        {bot.reason ? <div data-testid="bot-reason">{bot.reason}</div> : <div data-testid="bot-reason" hidden />}
        {(summary?.lastDecisions ?? []).map((d, i) => (
          <div key={`${d.t}-${i}`} className={d.code === 'ORDER_SENT' ? 'bot-decision' : 'bot-decision not-sent'} data-testid="bot-last-decision" data-code={d.code} title={decisionLine(d)}>
            {decisionLine(d)}
          </div>
        ))}
      </td>
      <td className="bot-actions">
        {actionsFor(bot).map((action) => (
          <button key={action} className="button" type="button" data-testid={`bot-${action}`} aria-label={`${LABEL[action]} ${bot.name}`} title={TITLE[action]} onClick={() => onAction(action)}>
            {LABEL[action]}
          </button>
        ))}
      </td>
    </tr>
  );
}
