import type { Migration } from '../migration.js';
import { migration as m0001 } from './0001-settings.js';
import { migration as m0002 } from './0002-history-in-own-file.js';
import { migration as m0003 } from './0003-backtest-runs.js';
import { migration as m0004 } from './0004-alerts.js';
import { migration as m0005 } from './0005-bots.js';
import { migration as m0006 } from './0006-alert-repeat.js';
import { migration as m0007 } from './0007-bot-allocation.js';
import { migration as m0008 } from './0008-bot-protections.js';
import { migration as m0009 } from './0009-insight-outcomes.js';
import { migration as m0010 } from './0010-meta-allocation.js';
import { migration as m0011 } from './0011-bot-equity.js';

/** Every migration, in order. A test checks this list against the files in this folder. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011];
