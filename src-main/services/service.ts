import type { ServiceHealth } from '../../src-shared/ipc/schemas.js';

/** A main-side part with a lifecycle. Services start in registration order and stop in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
  health(): ServiceHealth;
}

export function healthOf(name: string, state: ServiceHealth['state'], detail: string): ServiceHealth {
  return { name, state, detail, checkedAt: Date.now() };
}
