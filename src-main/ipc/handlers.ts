import type { z } from 'zod';
import type { Contract, ServiceName } from '../../src-shared/ipc/contract.js';

/** What a handler knows about its call: who asked and whether the call was cancelled. */
export interface CallContext {
  /** Aborted when the caller cancels, disconnects, or main shuts down. */
  signal: AbortSignal;
  /** A short description of the caller for logs, e.g. `ws:127.0.0.1:51234` or `electron:window-1`. */
  peer: string;
}

type Handler<Req extends z.ZodType, Res extends z.ZodType> = (
  request: z.output<Req>,
  context: CallContext,
) => Promise<z.input<Res>> | z.input<Res>;

/**
 * Handlers for every invoke entry of the contract. The mapped type makes a missing or mistyped handler a
 * compile error, so the contract and main cannot drift apart.
 */
export type ContractHandlers = {
  [S in ServiceName]: {
    [M in keyof Contract[S]['invoke']]: Contract[S]['invoke'][M] extends {
      request: infer Req extends z.ZodType;
      response: infer Res extends z.ZodType;
    }
      ? Handler<Req, Res>
      : never;
  };
};
