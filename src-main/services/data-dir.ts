import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'alpaca-workstation';

/**
 * Where the workstation keeps its database and logs: `--data-dir`, else WORKSTATION_DATA_DIR, else the
 * platform's per-user application data folder (the same folder Electron's userData would pick).
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.WORKSTATION_DATA_DIR) return resolve(env.WORKSTATION_DATA_DIR);
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), APP_DIR_NAME);
  }
}

export function dataPaths(dataDir: string): { database: string; logFile: string } {
  return {
    database: join(dataDir, 'workstation.sqlite'),
    logFile: join(dataDir, 'logs', 'main.log'),
  };
}
