import type { z } from 'zod';
import { invokeChannels, type FlatInvoke } from '../../src-shared/ipc/contract.js';
import { CodedError, type Envelope } from '../../src-shared/ipc/errors.js';
import { issuesInWords } from '../../src-shared/ipc/field-words.js';
import type { Logger } from '../logging/logger.js';
import type { CallContext, ContractHandlers } from './handlers.js';

type AnyHandler = (request: unknown, context: CallContext) => unknown;

interface Route {
  entry: FlatInvoke;
  handler: AnyHandler;
}

/**
 * Summarises zod issues into one line a person can read, without echoing the (possibly secret) input: each field
 * in words ("key ID: ..."), since the message reaches the trader as it is.
 */
export function describeIssues(error: z.ZodError, root?: string): string {
  return issuesInWords(error.issues, root);
}

/**
 * Dispatches contract invokes to handlers. Every reply is an envelope; nothing a caller sends can make it
 * throw. A handler never sees input that failed its request schema, and a reply that fails its response
 * schema is reported as INTERNAL rather than sent.
 */
export class IpcRouter {
  private readonly routes = new Map<string, Route>();

  constructor(
    handlers: ContractHandlers,
    private readonly log: Logger,
  ) {
    // One registration loop, driven by the contract: every entry must have a handler.
    for (const entry of invokeChannels.values()) {
      const serviceHandlers = handlers[entry.service] as Record<string, AnyHandler | undefined>;
      const handler = serviceHandlers[entry.name];
      if (typeof handler !== 'function') throw new Error(`no handler for contract entry ${entry.channel}`);
      this.routes.set(entry.channel, { entry, handler: handler.bind(serviceHandlers) });
    }
  }

  /** Channels this router answers; equal to the contract's invoke channels. */
  channels(): string[] {
    return [...this.routes.keys()];
  }

  isCancellable(channel: string): boolean {
    return this.routes.get(channel)?.entry.spec.cancellable === true;
  }

  async dispatch(channel: unknown, request: unknown, context: CallContext): Promise<Envelope<unknown>> {
    const route = typeof channel === 'string' ? this.routes.get(channel) : undefined;
    if (!route) {
      return fail('UNKNOWN_CHANNEL', `"${String(channel).slice(0, 64)}" is not a channel of the workstation contract`);
    }
    const parsed = route.entry.spec.request.safeParse(request);
    if (!parsed.success) {
      return fail('BAD_REQUEST', `${route.entry.channel}: ${describeIssues(parsed.error)}`);
    }
    // Messages below reach the trader as they are: no channel names (the log has them).
    if (context.signal.aborted) return fail('CANCELLED', 'cancelled');
    try {
      const value = await route.handler(parsed.data, context);
      if (context.signal.aborted) return fail('CANCELLED', 'cancelled');
      const checked = route.entry.spec.response.safeParse(value);
      if (!checked.success) {
        this.log.error('ipc', 'handler returned a reply outside the contract', {
          channel: route.entry.channel,
          issues: describeIssues(checked.error),
        });
        return fail('INTERNAL', 'the workstation gave an answer it should not have; the Log tab has the details');
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (context.signal.aborted) return fail('CANCELLED', 'cancelled');
      if (error instanceof CodedError) return fail(error.code, error.message);
      // The channel and the cause in the message itself: the GUI's Log tab shows messages, and "handler failed"
      // alone said nothing about 27 failed account reads.
      const cause = error instanceof Error ? error.message : String(error);
      this.log.error('ipc', `${route.entry.channel} failed: ${cause}`, { channel: route.entry.channel, error: String(error) });
      // Not the cause itself: it may hold what the log redacts.
      return fail('INTERNAL', 'this failed unexpectedly; the Log tab has the cause');
    }
  }
}

function fail(code: CodedError['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
