import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { watchlist, type Watchlist } from '../../src-shared/ipc/market-data-schemas.js';
import { SettingsStore } from '../storage/settings-store.js';

const KEY = 'marketData.watchlists';
const MAX_LISTS = 50;
const schemas = { [KEY]: z.array(watchlist).max(MAX_LISTS) };
const DEFAULT_LISTS: Watchlist[] = [{ name: 'Default', symbols: ['SPY', 'AAPL', 'MSFT'] }];

/**
 * Named watchlists, kept as one validated row of the settings table (a handful of short lists needs no table
 * of its own). Order is the user's: a saved list keeps its place, a new one goes last.
 */
export class WatchlistStore {
  private readonly store: SettingsStore<typeof schemas>;

  constructor(db: Database) {
    this.store = new SettingsStore(db, schemas, { [KEY]: DEFAULT_LISTS });
  }

  all(): Watchlist[] {
    return this.store.get(KEY);
  }

  save(list: Watchlist): Watchlist[] {
    const lists = this.all();
    const clean = { name: list.name, symbols: [...new Set(list.symbols)] };
    const index = lists.findIndex((l) => l.name === clean.name);
    if (index >= 0) lists[index] = clean;
    else if (lists.length >= MAX_LISTS) throw new CodedError('BAD_REQUEST', `at most ${MAX_LISTS} watchlists; delete one first`);
    else lists.push(clean);
    this.store.set(KEY, lists);
    return lists;
  }

  delete(name: string): Watchlist[] {
    const lists = this.all();
    const kept = lists.filter((l) => l.name !== name);
    if (kept.length === lists.length) throw new CodedError('NOT_FOUND', `there is no watchlist named "${name}"`);
    if (kept.length === 0) throw new CodedError('BAD_REQUEST', 'the last watchlist cannot be deleted; empty it instead');
    this.store.set(KEY, kept);
    return kept;
  }
}
