import type { Migration } from '../../storage/migration.js';
import { migration as m0001 } from './0001-bars.js';
import { migration as m0002 } from './0002-option-iv.js';
import { migration as m0003 } from './0003-ticks.js';

/** The history database's migrations, in order (its own numbering: it is a separate file from the app database). */
export const historyMigrations: readonly Migration[] = [m0001, m0002, m0003];
