export interface AutoUpdateChoice {
  /** The trader's setting (Settings → Updates); off by default. */
  enabled: boolean;
  /** Only an installed app has an update feed (electron-builder writes app-update.yml from `publish`). */
  packaged: boolean;
}

/** What auto-update does for this start, in words for the log; undefined when it checks. */
export function autoUpdateSkipReason(choice: AutoUpdateChoice): string | undefined {
  if (!choice.enabled) return 'auto-update is off (turn it on in Settings → Updates)';
  if (!choice.packaged) return 'auto-update runs only in the installed app';
  return undefined;
}

