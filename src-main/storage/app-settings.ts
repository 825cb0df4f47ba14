import { z } from 'zod';
import { TRADING_MODES } from '../../src-shared/domain/mode.js';
import { rendererSettingDefaults, rendererSettings } from '../../src-shared/ipc/settings.js';
import { riskLimitsSchema } from '../../src-shared/ipc/risk-schemas.js';

/** Settings only main reads and writes; the renderer's subset comes from src-shared. */
export const windowBounds = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBounds>;

export const appSettingSchemas = {
  ...rendererSettings,
  'window.bounds': windowBounds.nullable(),
  /** The mode the next start trades in; changed only through the trading service (keys and confirmation checked). */
  'trading.mode': z.enum(TRADING_MODES),
  /** The risk limits set in Settings (through risk.setLimits, checked there); null: the engine's defaults. */
  'risk.limits': riskLimitsSchema.nullable(),
  /** The demo bots a fresh demo start created, by id; null until the set was offered (once per data folder). */
  'demo.bots': z.array(z.string()).nullable(),
} as const;

export const appSettingDefaults = {
  ...rendererSettingDefaults,
  'window.bounds': null,
  'trading.mode': 'demo' as const,
  'risk.limits': null,
  'demo.bots': null,
};
