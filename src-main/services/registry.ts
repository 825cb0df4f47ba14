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
      try {
        await service.start();
        this.started.add(service);
        this.log.info('services', `${service.name} started`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.failures.set(service, message);
        this.log.error('services', `${service.name} failed to start`, { error: message });
        throw error;
      }
    }
  }

  async stopAll(): Promise<void> {
    for (const service of [...this.services].reverse()) {
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
