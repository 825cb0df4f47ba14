import type { ServiceHealth } from '../../src-shared/ipc/schemas.js';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from './service.js';

export class ServiceRegistry {
  private readonly services: Service[] = [];
  private readonly started = new Set<Service>();
  private readonly failures = new Map<Service, string>();

  constructor(private readonly log: Logger) {}

  add<S extends Service>(service: S): S {
    this.services.push(service);
    return service;
  }

  /** Starts every service; a failure is logged, kept in health, and rethrown so callers can refuse to run. */
  async startAll(): Promise<void> {
    for (const service of this.services) {
      const failure = await this.startOne(service, 'started');
      if (failure) throw failure;
    }
  }

  async stopAll(): Promise<void> {
    await this.stopEach([...this.services].reverse());
  }

  /**
   * Stops `first` and every service registered after it (except those `keep` names), newest first, and starts
   * them again in order: how a mode switch swaps the market and broker under the services that depend on them.
   * A service that fails to start again is logged and kept in health; the others still start.
   */
  async restartFrom(first: Service, keep: (service: Service) => boolean = () => false): Promise<void> {
    const index = this.services.indexOf(first);
    if (index < 0) throw new Error(`${first.name} is not registered`);
    const affected = this.services.slice(index).filter((service) => service === first || !keep(service));
    await this.stopEach([...affected].reverse());
    for (const service of affected) await this.startOne(service, 'restarted');
  }

  /** Starts one service; returns the error (also logged and kept for health) instead of throwing it. */
  private async startOne(service: Service, done: 'started' | 'restarted'): Promise<unknown> {
    this.failures.delete(service);
    try {
      await service.start();
      this.started.add(service);
      this.log.info('services', `${service.name} ${done}`);
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures.set(service, message);
      this.log.error('services', `${service.name} failed to ${done === 'started' ? 'start' : 'restart'}`, { error: message });
      return error;
    }
  }

  private async stopEach(services: Service[]): Promise<void> {
    for (const service of services) {
      if (!this.started.has(service)) continue;
      try {
        await service.stop();
      } catch (error) {
        this.log.error('services', `${service.name} failed to stop cleanly`, { error: String(error) });
      }
      this.started.delete(service);
    }
  }

  health(): ServiceHealth[] {
    return this.services.map((service) => {
      const failure = this.failures.get(service);
      if (failure) return healthOf(service.name, 'down', `failed to start: ${failure}`);
      if (!this.started.has(service)) return healthOf(service.name, 'stopped', 'not running');
      try {
        return service.health();
      } catch (error) {
        return healthOf(service.name, 'down', `health check failed: ${String(error)}`);
      }
    });
  }
}
