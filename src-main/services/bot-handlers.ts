import type { ContractHandlers } from '../ipc/handlers.js';
import type { BotService } from './bot-service.js';
import type { DemoBotSet } from './demo-bot-set.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { AllocationViewDto } from '../../src-shared/ipc/allocation-schemas.js';
import type { MetaAllocationService } from './meta-allocation-service.js';

/**
 * How long a start (or all on) is waited for before the answer goes back with the bot still `starting`: a bot on
 * sixty symbols first fetches their warm-up history, one request per symbol within the broker's 200 a minute (over
 * 15 s), which would outlast the GUI's 30 s call timeout on a busy machine. The start goes on; its end (running, or
 * error with the reason) reaches the GUI as `bots.state`, and the bot's detail shows the warm-up's progress.
 */
export const START_ANSWER_MS = 5_000;

/** Waits for `work` at most `ms`: its failure before then is the caller's; after, it is already the bot's state. */
function answerWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      resolve();
    }, ms);
    timer.unref?.();
    work.then(
      () => {
        clearTimeout(timer);
        if (!answered) resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!answered) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The `bots` invokes: list, save, delete, start, stop, resume, all on/off, protection locks, decisions,
 * row summaries, a bot's detail and the universes a new bot may trade. */
export function createBotHandlers(service: () => BotService, demo?: () => DemoBotSet, allocation?: () => MetaAllocationService): ContractHandlers['bots'] {
  const allocator = (): MetaAllocationService => {
    if (!allocation) throw new CodedError('UNAVAILABLE', 'this workstation runs no meta-allocation');
    return allocation();
  };
  const view = (limit: number): AllocationViewDto => ({ limits: allocator().limits(), days: allocator().days(limit) });
  return {
    list: () => ({ bots: service().list() }),
    save: (request) => ({ bots: service().save(request) }),
    delete: ({ id }) => ({ bots: service().delete(id) }),
    start: async ({ id }) => {
      await answerWithin(service().startBot(id), START_ANSWER_MS);
      return { bots: service().list() };
    },
    stop: async ({ id, cancelOrders }) => {
      if (cancelOrders) await service().stopAndCancel(id);
      else service().stopBot(id);
      return { bots: service().list() };
    },
    resume: async ({ id }) => {
      await answerWithin(service().resume(id), START_ANSWER_MS);
      return { bots: service().list() };
    },
    setAll: async ({ running }) => {
      await answerWithin(service().setAll(running), START_ANSWER_MS);
      return { bots: service().list() };
    },
    locks: ({ id, active }) => ({ locks: service().locks(id, active) }),
    unlock: ({ id, lockId }) => ({ locks: service().unlock(id, lockId) }),
    decisions: ({ id, limit }) => ({ decisions: service().decisions(id, limit) }),
    summaries: () => ({ summaries: service().summaries() }),
    detail: ({ id, limit }) => service().detail(id, limit),
    universes: async () => ({ universes: await service().universes() }),
    strategies: () => ({ strategies: service().strategies() }),
    demoSet: () => demo?.().list() ?? { offered: false, bots: [] },
    stopDemo: () => demo?.().stopAll() ?? { offered: false, bots: [] },
    allocation: ({ limit }) => view(limit),
    setAllocationLimits: (limits) => {
      allocator().setLimits(limits, Date.now());
      return view(60);
    },
  };
}
