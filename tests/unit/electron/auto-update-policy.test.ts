import { describe, expect, it } from 'vitest';
import { rendererSettingDefaults, rendererSettings } from '../../../src-shared/ipc/settings.js';
import { autoUpdateSkipReason } from '../../../src-main/electron/auto-update-policy.js';

describe('auto-update policy', () => {
  it('is off by default, and the setting accepts only a boolean', () => {
    expect(rendererSettingDefaults['updates.autoCheck']).toBe(false);
    expect(rendererSettings['updates.autoCheck'].safeParse('yes').success).toBe(false);
    expect(autoUpdateSkipReason({ enabled: rendererSettingDefaults['updates.autoCheck'], packaged: true })).toMatch(/off/);
  });

  it('checks only in the installed app, and only when turned on', () => {
    expect(autoUpdateSkipReason({ enabled: true, packaged: false })).toMatch(/only in the installed app/);
    expect(autoUpdateSkipReason({ enabled: true, packaged: true })).toBeUndefined();
  });
});
