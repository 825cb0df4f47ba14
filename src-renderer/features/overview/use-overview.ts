import { useState } from 'react';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { BotSummaryDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { MarketDataStatus } from '../../../src-shared/ipc/market-data-schemas.js';
import type { OpportunitiesLatest } from '../../../src-shared/ipc/opportunities-schemas.js';
import type { ServiceHealth } from '../../../src-shared/ipc/schemas.js';
import type { WorkstationClient } from '../../../src-shared/ipc/client.js';
import { usePoll } from '../../hooks/use-poll.js';
import type { AccountLike } from './overview-figures.js';

/** How often the figures are asked for: they move with prices and fills, which have no single event. */
const EVERY_MS = 3_000;

export interface OverviewData {
  bots: BotDto[];
  summaries: BotSummaryDto[];
  account: AccountLike | undefined;
  /** Why the account could not be read (no keys for the mode, the broker down); null when it was. */
  accountError: string | null;
  opportunities: OpportunitiesLatest | undefined;
  status: MarketDataStatus | undefined;
  services: ServiceHealth[];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Each part asked for on its own, so one failing (the account without keys) leaves the others on screen. */
async function load(client: WorkstationClient): Promise<OverviewData> {
  const [bots, summaries, account, opportunities, status, health] = await Promise.allSettled([
    client.invoke('bots.list', {}),
    client.invoke('bots.summaries', {}),
    client.invoke('orders.account', {}),
    client.invoke('opportunities.latest', {}),
    client.invoke('marketData.currentStatus', {}),
    client.invoke('system.health', {}),
  ]);
  const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);
  return {
    bots: value(bots)?.bots ?? [],
    summaries: value(summaries)?.summaries ?? [],
    account: value(account),
    accountError: account.status === 'rejected' ? messageOf(account.reason) : null,
    opportunities: value(opportunities),
    status: value(status),
    services: value(health)?.services ?? [],
  };
}

export function useOverview(): OverviewData | undefined {
  const [data, setData] = useState<OverviewData>();
  usePoll(load, setData, EVERY_MS, 'overview');
  return data;
}
