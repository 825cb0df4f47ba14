import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceHealth } from '../../src-shared/ipc/schemas.js';
import { healthOf } from '../services/service.js';
import type { Workstation } from '../services/workstation.js';

/**
 * The checks `workstation health` runs: every service's own health, plus what a start needs that no service
 * owns (the built GUI). The loop monitor needs a moment of samples before its figures mean anything.
 */
export async function runHealthChecks(workstation: Workstation, rendererDir: string): Promise<ServiceHealth[]> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const results = workstation.registry.health();
  const built = existsSync(join(rendererDir, 'index.html'));
  results.push(
    healthOf('gui-build', built ? 'ok' : 'down', built ? rendererDir : `no GUI build in ${rendererDir}: run \`npm run build\``),
  );
  return results;
}
