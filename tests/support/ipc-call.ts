import type { Envelope } from '../../src-shared/ipc/errors.js';
import type { Workstation } from '../../src-main/services/workstation.js';

/**
 * Calls an IPC channel through a real workstation's router (its zod checks of request and reply included) and
 * returns the value, or throws with the channel, code and message. The workstation is read at each call, so a test
 * that restarts it keeps one caller.
 */
export function ipcCaller(workstation: () => Workstation): <T>(channel: string, request: unknown) => Promise<T> {
  return async <T>(channel: string, request: unknown): Promise<T> => {
    const reply: Envelope<unknown> = await workstation().router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
}

/** Polls a condition until it holds, or throws naming what it waited for (for hooks, where expect.poll is not usable). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, stepMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
