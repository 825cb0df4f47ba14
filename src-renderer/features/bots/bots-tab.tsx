import { useState } from 'react';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { useClient } from '../../app/client-context.js';
import { PanelSection } from '../../components/panel-section.js';
import { AllocationPanel } from './allocation-panel.js';
import { BotDetailPanel } from './bot-detail.js';
import { BotFormPanel } from './bot-form.js';
import { BotRow, type Action } from './bot-row.js';
import { FAMILY_GROUPS } from './families.js';
import { useBots } from './use-bots.js';
import './bots.css';

/**
 * Bots: strategies running live through the risk engine, grouped by family as the founding design does (StockBot,
 * ArbitrageBot, OptionsBot, Microstructure; ML and ensemble bots when there are any). A row shows the bot's state,
 * allocation in use, P&L, win rate, open positions, locks and its last decisions with their reasons; its name opens
 * its detail. Every control is a native button, reachable with Tab and pressed with Enter or Space.
 */
export function BotsTab() {
  const client = useClient();
  const { bots, setBots, strategies, universes, summaries, error } = useBots();
  const [problem, setProblem] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const run = async (action: () => Promise<{ bots: BotDto[] }>): Promise<void> => {
    setProblem(null);
    try {
      setBots((await action()).bots);
    } catch (reason) {
      setProblem(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const act = (bot: BotDto, action: Action) =>
    run(() => (action === 'stop' || action === 'stop-keep' ? client.invoke('bots.stop', { id: bot.id, cancelOrders: action === 'stop' }) : client.invoke(`bots.${action}`, { id: bot.id })));
  const running = bots.filter((b) => b.state === 'running' || b.state === 'starting').length;
  const familyOf = (bot: BotDto) => summaries.get(bot.id)?.family ?? strategies.find((s) => s.name === bot.strategy)?.family ?? 'stock';
  const opened = bots.find((b) => b.id === openId);

  return (
    <div className="tab-body bots-tab" data-testid="bots-tab">
      {error ? <div className="inline-error">{error}</div> : null}
      <PanelSection title="New bot">
        <BotFormPanel strategies={strategies} universes={universes} onBots={setBots} />
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
          <div className="inline-error" role="alert" data-testid="bots-error">
            {problem}
          </div>
        ) : null}
        {FAMILY_GROUPS.map((group) => {
          const members = bots.filter((b) => familyOf(b) === group.family);
          if (members.length === 0 && !group.always) return null;
          return (
            <section key={group.family} className="bot-family" data-testid="bot-family" data-family={group.family}>
              <h3 className="bot-family-title">
                {group.label} <span className="muted">({members.length})</span>
              </h3>
              {members.length === 0 ? (
                <div className="muted bot-family-empty">No {group.label} bots.</div>
              ) : (
                <table className="bots-list" data-testid="bots-list">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>State</th>
                      <th>Strategy</th>
                      <th>Symbols</th>
                      <th className="num">Allocation used</th>
                      <th className="num">P&amp;L</th>
                      <th className="num">Win rate</th>
                      <th className="num">Open</th>
                      <th className="num">Locks</th>
                      <th className="num">Orders</th>
                      <th>Last decisions / reason</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((bot) => (
                      <BotRow key={bot.id} bot={bot} summary={summaries.get(bot.id)} selected={bot.id === openId} onOpen={() => setOpenId(bot.id === openId ? null : bot.id)} onAction={(a) => void act(bot, a)} />
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
        {bots.length === 0 ? <div className="muted">No bots yet: choose a strategy, its parameters and a universe above.</div> : null}
      </PanelSection>
      <PanelSection title="Meta-allocation (bandit over the running bots)">
        <AllocationPanel bots={bots} />
      </PanelSection>
      {opened ? (
        <PanelSection title={`Bot: ${opened.name}`} grow>
          <BotDetailPanel bot={opened} onClose={() => setOpenId(null)} />
        </PanelSection>
      ) : null}
    </div>
  );
}
