import { z } from 'zod';
import { rendererSettingDefaults, rendererSettings } from '../../src-shared/ipc/settings.js';

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
} as const;

export const appSettingDefaults = {
  ...rendererSettingDefaults,
  'window.bounds': null,
};
