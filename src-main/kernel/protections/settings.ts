import type { z } from 'zod';
import { protectionSettingsSchema, type protectionLockSchema } from '../../../src-shared/ipc/bot-framework-schemas.js';

/**
 * Protections of one bot (or one backtest), after Freqtrade's: each, when it trips, locks a symbol or the whole bot
 * against new entries (exits stay allowed) until its lock ends or the trader lifts it. Durations are in hours of
 * the bot's clock (simulated in a backtest). All off unless given. The schema is the IPC contract's (src-shared).
 */
export const protectionSettings = protectionSettingsSchema;

export type ProtectionSettings = z.output<typeof protectionSettingsSchema>;
export type ProtectionLock = z.output<typeof protectionLockSchema>;
export type ProtectionName = ProtectionLock['protection'];
