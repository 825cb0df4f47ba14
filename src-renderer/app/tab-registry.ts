import type { ComponentType } from 'react';
import { BlotterTab } from '../features/blotter/blotter-tab.js';
import { BacktestTab } from '../features/backtest/backtest-tab.js';
import { AlertsTab } from '../features/alerts/alerts-tab.js';
import { AiTab } from '../features/ai/ai-tab.js';
import { BotsTab } from '../features/bots/bots-tab.js';
import { ChartTab } from '../features/chart/chart-tab.js';
import { LogTab } from '../features/log/log-tab.js';
import { MlTab } from '../features/ml/ml-tab.js';
import { NewsTab } from '../features/news/news-tab.js';
import { OptionsTab } from '../features/options/options-tab.js';
import { OpportunitiesTab } from '../features/opportunities/opportunities-tab.js';
import { OverviewTab } from '../features/overview/overview-tab.js';
import { RiskTab } from '../features/risk/risk-tab.js';
import { SettingsTab } from '../features/settings/settings-tab.js';
import { TicketTab } from '../features/ticket/ticket-tab.js';
import { SystemTab } from '../features/system/system-tab.js';
import { WatchlistTab } from '../features/watchlist/watchlist-tab.js';
import { WelcomeTab } from '../features/welcome/welcome-tab.js';

/** A kind of tab the user can open. Its id doubles as the dock's component name and the panel id. */
export interface TabDefinition {
  id: string;
  title: string;
  component: ComponentType;
  /** Several panels of this kind may be open at once (each opening adds one); otherwise opening focuses it. */
  multiInstance?: boolean;
}

export const TAB_REGISTRY: readonly TabDefinition[] = [
  { id: 'system', title: 'System', component: SystemTab },
  { id: 'log', title: 'Log', component: LogTab },
  { id: 'welcome', title: 'Welcome', component: WelcomeTab },
  { id: 'watchlist', title: 'Watchlist', component: WatchlistTab },
  { id: 'chart', title: 'Chart', component: ChartTab, multiInstance: true },
  { id: 'ticket', title: 'Ticket', component: TicketTab },
  { id: 'blotter', title: 'Blotter', component: BlotterTab },
  { id: 'backtest', title: 'Backtest', component: BacktestTab },
  { id: 'settings', title: 'Settings', component: SettingsTab },
  { id: 'alerts', title: 'Alerts', component: AlertsTab },
  { id: 'bots', title: 'Bots', component: BotsTab },
  { id: 'options', title: 'Options', component: OptionsTab },
  { id: 'ml', title: 'ML', component: MlTab },
  { id: 'news', title: 'News', component: NewsTab },
  { id: 'ai', title: 'AI', component: AiTab },
  { id: 'opportunities', title: 'Opportunities', component: OpportunitiesTab },
  { id: 'overview', title: 'Overview', component: OverviewTab },
  { id: 'risk', title: 'Portfolio & risk', component: RiskTab },
];

export function findTab(id: string): TabDefinition | undefined {
  return TAB_REGISTRY.find((tab) => tab.id === id);
}
