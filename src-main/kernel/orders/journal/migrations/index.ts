import type { JournalMigration } from './journal-migration.js';
import { migration as m0001 } from './0001-orders.js';
import { migration as m0002 } from './0002-algos.js';
import { migration as m0003 } from './0003-drop-status-index.js';

/** The order journal's migrations, in order; a test checks the list against the files in this folder. */
export const journalMigrations: readonly JournalMigration[] = [m0001, m0002, m0003];

export const JOURNAL_VERSION = journalMigrations[journalMigrations.length - 1]!.version;
