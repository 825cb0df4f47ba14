import type { ContractHandlers } from '../ipc/handlers.js';
import type { BotService } from './bot-service.js';

/** The `bots` invokes: list, save, delete, start, stop, resume, all on/off, protection locks, decisions,
 * row summaries, a bot's detail and the universes a new bot may trade. */
export function createBotHandlers(service: () => BotService): ContractHandlers['bots'] {
  return {
    list: () => ({ bots: service().list() }),
    save: (request) => ({ bots: service().save(request) }),
    delete: ({ id }) => ({ bots: service().delete(id) }),
    start: async ({ id }) => {
      await service().startBot(id);
      return { bots: service().list() };
    },
    stop: ({ id }) => {
      service().stopBot(id);
      return { bots: service().list() };
    },
    resume: async ({ id }) => {
      await service().resume(id);
      return { bots: service().list() };
    },
    setAll: async ({ running }) => ({ bots: await service().setAll(running) }),
    locks: ({ id, active }) => ({ locks: service().locks(id, active) }),
    unlock: ({ id, lockId }) => ({ locks: service().unlock(id, lockId) }),
    decisions: ({ id, limit }) => ({ decisions: service().decisions(id, limit) }),
    summaries: () => ({ summaries: service().summaries() }),
    detail: ({ id, limit }) => service().detail(id, limit),
    universes: async () => ({ universes: await service().universes() }),
  };
}
