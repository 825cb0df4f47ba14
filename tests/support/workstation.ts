import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';

export interface TestWorkstation {
  workstation: Workstation;
  dataDir: string;
  dispose(): Promise<void>;
}

/** A real workstation (real SQLite file in a fresh folder) for tests. */
export async function startTestWorkstation(): Promise<TestWorkstation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workstation-test-'));
  const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'debug' });
  await workstation.start();
  return {
    workstation,
    dataDir,
    dispose: async () => {
      await workstation.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestHost(
  workstation: Workstation,
  options: { token?: string; port?: number; authTimeoutMs?: number } = {},
): Promise<RunningHost> {
  return startHost({
    workstation,
    rendererDir: join(__dirname, '..', '..', 'dist', 'renderer'),
    port: options.port ?? 0,
    ...(options.token ? { token: options.token } : {}),
    ...(options.authTimeoutMs ? { authTimeoutMs: options.authTimeoutMs } : {}),
  });
}
