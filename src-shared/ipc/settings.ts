import { z } from 'zod';
import { llmConfigSchema } from './llm-settings.js';

/**
 * Settings the renderer may read and write, each with its own schema. Main-only settings (window bounds,
 * credentials metadata) are not listed here, so the renderer cannot reach them.
 */
const LAYOUT_MAX_CHARS = 256 * 1024;

export const rendererSettings = {
  /** The dock layout as the dock library serialises it; opaque to main, bounded in size. */
  'ui.layout': z
    .record(z.string(), z.unknown())
    .nullable()
    .refine((v) => v === null || JSON.stringify(v).length <= LAYOUT_MAX_CHARS, 'layout is too large'),
  'ui.theme': z.enum(['dark', 'light']),
  /** Check the release feed for a new version at start (installed app only). Off unless the trader turns it on. */
  'updates.autoCheck': z.boolean(),
  /** A short tone with each alert toast (the desktop notification keeps the system's own sound setting). */
  'alerts.sound': z.boolean(),
  /** The LLM analysis's endpoint, model and daily limits (never its key, which stays in the keychain); null: defaults. */
  'llm.config': llmConfigSchema.nullable(),
} as const;

export type RendererSettingKey = keyof typeof rendererSettings;
export type RendererSettingValue<K extends RendererSettingKey> = z.infer<(typeof rendererSettings)[K]>;

export const rendererSettingDefaults: { [K in RendererSettingKey]: RendererSettingValue<K> } = {
  'ui.layout': null,
  'ui.theme': 'dark',
  'updates.autoCheck': false,
  'alerts.sound': false,
  'llm.config': null,
};

export const rendererSettingKey = z.enum(Object.keys(rendererSettings) as [RendererSettingKey, ...RendererSettingKey[]]);
