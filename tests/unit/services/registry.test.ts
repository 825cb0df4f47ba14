import { describe, expect, it } from 'vitest';
import { Logger } from '../../../src-main/logging/logger.js';
import { ServiceRegistry } from '../../../src-main/services/registry.js';
import { healthOf, type Service } from '../../../src-main/services/service.js';

function recorder(name: string, events: string[], failStart = false): Service {
  return {
    name,
    start: () => {
      if (failStart) throw new Error(`${name} cannot open its file`);
      events.push(`start ${name}`);
    },
    stop: () => {
      events.push(`stop ${name}`);
    },
    health: () => healthOf(name, 'ok', 'fine'),
  };
}

describe('service registry', () => {
  it('starts in order, stops in reverse, and reports each service', async () => {
    const events: string[] = [];
    const registry = new ServiceRegistry(new Logger());
    registry.add(recorder('a', events));
    registry.add(recorder('b', events));
    expect(registry.health().map((h) => h.state)).toEqual(['stopped', 'stopped']);
    await registry.startAll();
    expect(registry.health().map((h) => `${h.name}:${h.state}`)).toEqual(['a:ok', 'b:ok']);
    await registry.stopAll();
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('on a failed start: rethrows, reports the service down with the reason, and stops only what started', async () => {
    const events: string[] = [];
    const registry = new ServiceRegistry(new Logger());
    registry.add(recorder('a', events));
    registry.add(recorder('b', events, true));
    registry.add(recorder('c', events));
    await expect(registry.startAll()).rejects.toThrow('b cannot open its file');
    const health = registry.health();
    expect(health[1]).toMatchObject({ name: 'b', state: 'down' });
    expect(health[1]!.detail).toContain('cannot open its file');
    expect(health[2]).toMatchObject({ name: 'c', state: 'stopped' });
    await registry.stopAll();
    expect(events).toEqual(['start a', 'stop a']);
  });

  it('reports a service whose health check throws as down instead of failing the whole report', async () => {
    const registry = new ServiceRegistry(new Logger());
    registry.add({ ...recorder('x', []), health: () => { throw new Error('probe failed'); } });
    await registry.startAll();
    expect(registry.health()[0]).toMatchObject({ state: 'down' });
  });

  it('restartFrom: restarts a service and everything after it (newest first down, then up in order), skipping what is kept', async () => {
    const events: string[] = [];
    const registry = new ServiceRegistry(new Logger());
    registry.add(recorder('storage', events));
    const mode = registry.add(recorder('mode', events));
    registry.add(recorder('orders', events));
    const backtest = registry.add(recorder('backtest', events));
    registry.add(recorder('alerts', events));
    await registry.startAll();
    events.length = 0;
    await registry.restartFrom(mode, (service) => service === backtest);
    expect(events).toEqual(['stop alerts', 'stop orders', 'stop mode', 'start mode', 'start orders', 'start alerts']);
    expect(registry.health().every((h) => h.state === 'ok')).toBe(true);
  });

  it('restartFrom: a service that fails to come back is reported down and the rest still start', async () => {
    const events: string[] = [];
    let failNext = false;
    const registry = new ServiceRegistry(new Logger());
    const mode = registry.add(recorder('mode', events));
    registry.add({ ...recorder('orders', events), start: () => { if (failNext) throw new Error('no keys for paper'); events.push('start orders'); } });
    registry.add(recorder('alerts', events));
    await registry.startAll();
    failNext = true;
    events.length = 0;
    await registry.restartFrom(mode);
    expect(events).toEqual(['stop alerts', 'stop orders', 'stop mode', 'start mode', 'start alerts']);
    expect(registry.health().map((h) => `${h.name}:${h.state}`)).toEqual(['mode:ok', 'orders:down', 'alerts:ok']);
    failNext = false;
    await registry.restartFrom(mode);
    expect(registry.health()[1]).toMatchObject({ name: 'orders', state: 'ok' });
  });
});
