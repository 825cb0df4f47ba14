import { useState } from 'react';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { useClient } from '../../app/client-context.js';
import { PanelSection } from '../../components/panel-section.js';
import { BotFormPanel } from './bot-form.js';
import { describeParams } from './bot-form-model.js';
import { useBots } from './use-bots.js';
import './bots.css';

type Action = 'start' | 'stop' | 'resume' | 'delete';

/** What the trader can do with a bot in its state. */
function actionsFor(bot: BotDto): Action[] {
  switch (bot.state) {
    case 'running':
    case 'starting':
      return ['stop'];
    case 'paused':
      return ['resume', 'stop', 'delete'];
    default:
      return ['start', 'delete'];
  }
}

const LABEL: Record<Action, string> = { start: 'Start', stop: 'Stop', resume: 'Resume', delete: 'Delete' };

/**
 * Bots: strategies running live through the risk engine. The list shows each bot's state (running, paused after
 * a broker rejection, halted by the risk engine or reconciliation, error with the strategy's message), and the
 * orders it sent; every control is a native button, reachable with Tab and pressed with Enter or Space.
 */
export function BotsTab() {
  const client = useClient();
  const { bots, setBots, strategies, error } = useBots();
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: () => Promise<{ bots: BotDto[] }>): Promise<void> => {
    setProblem(null);
    try {
      setBots((await action()).bots);
    } catch (reason) {
      setProblem(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const act = (bot: BotDto, action: Action) => run(() => client.invoke(`bots.${action}`, { id: bot.id }));
  const running = bots.filter((b) => b.state === 'running' || b.state === 'starting').length;

  return (
    <div className="tab-body bots-tab" data-testid="bots-tab">
      {error ? <div className="inline-error">{error}</div> : null}
      <PanelSection title="New bot">
        <BotFormPanel strategies={strategies} onBots={setBots} />
      </PanelSection>
      <PanelSection title={`Bots (${bots.length}, ${running} running)`} grow>
        <div className="bots-all">
          <button className="button" type="button" data-testid="bots-all-on" onClick={() => void run(() => client.invoke('bots.setAll', { running: true }))}>
            All on
          </button>{' '}
          <button className="button" type="button" data-testid="bots-all-off" onClick={() => void run(() => client.invoke('bots.setAll', { running: false }))}>
            All off
          </button>
        </div>
        {problem ? (
          <div className="inline-error" data-testid="bots-error">
            {problem}
          </div>
        ) : null}
        <table className="bots-list" data-testid="bots-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Symbols</th>
              <th>Strategy</th>
              <th>Parameters</th>
              <th className="num">Allocation</th>
              <th className="num">Orders</th>
              <th>Last error / reason</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {bots.map((bot) => (
              <tr key={bot.id} data-testid="bot-row" data-bot-name={bot.name} data-state={bot.state}>
                <td>{bot.name}</td>
                <td>
                  <span className={`bot-state bot-state-${bot.state}`} data-testid="bot-state">
                    {bot.state}
                  </span>
                </td>
                <td>{bot.symbols.join(', ')}</td>
                <td>
                  {bot.strategy} <span className="muted">{bot.timeframe}</span>
                </td>
                <td className="muted">{describeParams(bot.params)}</td>
                <td className="num" data-testid="bot-row-allocation">
                  {Number(bot.allocation).toLocaleString('en-US', { maximumFractionDigits: 2 })}
                </td>
                <td className="num" data-testid="bot-orders">
                  {bot.ordersSent}
                </td>
                <td className="bot-reason" data-testid="bot-reason">
                  {bot.reason ?? ''}
                </td>
                <td className="bot-actions">
                  {actionsFor(bot).map((action) => (
                    <button key={action} className="button" type="button" data-testid={`bot-${action}`} aria-label={`${LABEL[action]} ${bot.name}`} onClick={() => void act(bot, action)}>
                      {LABEL[action]}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {bots.length === 0 ? <div className="muted">No bots yet: choose a strategy, its parameters and symbols above.</div> : null}
      </PanelSection>
    </div>
  );
}
