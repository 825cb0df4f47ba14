import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpacaHosts } from '../../../src-main/adapters/alpaca/hosts.js';
import { generateKeyPair } from '../../../src-main/exchange/demo-keys.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { TradingMode } from '../../../src-shared/domain/mode.js';
import { Workstation, type WorkstationOptions } from '../../../src-main/services/workstation.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { OPTION_STRATEGIES } from '../../../src-main/strategies/options/index.js';

/** A Monday, 10:00 New York: the stand-in paper and live hosts are open. */
const SESSION_START = Date.parse('2024-03-11T14:00:00Z');

function hostsOf(exchange: RunningExchange): AlpacaHosts {
  return { tradingUrl: exchange.tradingUrl, tradingStreamUrl: exchange.streamUrl, dataUrl: exchange.dataUrl, dataStreamUrl: exchange.marketDataStreamUrl.replace(/\/v2\/iex$/, '') };
}

/** The family of a strategy as the Bots tab groups it. */
function familyOf(strategy: string): string | undefined {
  return STRATEGIES.get(strategy)?.family ?? OPTION_STRATEGIES.get(strategy)?.family;
}

/**
 * The demo set of a fresh demo start (WorkstationOptions.demoBots): one bot per strategy family, started, with
 * allocations within the demo account; offered once per data folder; never in paper or live, even with the option on.
 */
describe('demo bots on a fresh demo start', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'workstation-demo-bots-'));
    dirs.push(dir);
    return dir;
  };
  const open = async (dataDir: string, extra: Partial<WorkstationOptions> = {}): Promise<Workstation> => {
    const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'debug', secrets: { keychain: 'off', env: {} }, demoBots: true, ...extra });
    await workstation.start();
    await workstation.demoOffer;
    return workstation;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('creates one running bot per family, allocations within the account, and records the offer', async () => {
    const dataDir = fresh();
    let workstation = await open(dataDir);
    try {
      expect(workstation.mode).toBe('demo');
      const bots = workstation.bots.list();
      const families = bots.map((b) => familyOf(b.strategy));
      // One per family, and every family the templates cover that the registry has.
      expect(new Set(families).size).toBe(bots.length);
      expect([...families].sort()).toEqual(['arbitrage', 'microstructure', 'ml', 'options', 'stock']);
      expect(bots.find((b) => familyOf(b.strategy) === 'arbitrage')?.symbols.sort()).toEqual(['KO', 'PEP']);
      expect(bots.find((b) => familyOf(b.strategy) === 'options')?.symbols).toEqual(['SPY']);
      // The Bots tab groups each under its family (an option strategy under OptionsBot, not StockBot).
      expect(workstation.bots.summaries().map((s) => s.family).sort()).toEqual(['arbitrage', 'microstructure', 'ml', 'options', 'stock']);
      for (const bot of bots) expect({ name: bot.name, state: bot.state }).toEqual({ name: bot.name, state: 'running' });
      const { account } = await workstation.orders.manager.accountSnapshot();
      const total = bots.reduce((sum, b) => sum + Number(b.allocation), 0);
      for (const bot of bots) expect(Number(bot.allocation)).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(Number(account.equity));
      expect(workstation.settings.get('demo.bots')?.sort()).toEqual(bots.map((b) => b.id).sort());
      expect(workstation.demoBots.list()).toMatchObject({ offered: true });
      expect(workstation.demoBots.list().bots).toHaveLength(bots.length);

      // The trader deletes one and stops the rest; a restart brings none back.
      const deleted = bots[0]!;
      workstation.bots.delete(deleted.id);
      const stopped = workstation.demoBots.stopAll();
      expect(stopped.bots.map((b) => b.state)).toEqual(stopped.bots.map(() => 'stopped'));
      await workstation.stop();
      workstation = await open(dataDir);
      const after = workstation.bots.list();
      expect(after.map((b) => b.id).sort()).toEqual(bots.filter((b) => b.id !== deleted.id).map((b) => b.id).sort());
      expect(after.every((b) => b.state === 'stopped')).toBe(true);
    } finally {
      await workstation.stop();
    }
  }, 120_000);

  it('is off unless asked for: a workstation built without the option creates none', async () => {
    const dataDir = fresh();
    const workstation = await open(dataDir, { demoBots: false });
    try {
      expect(workstation.bots.list()).toEqual([]);
      expect(workstation.settings.get('demo.bots')).toBeNull();
    } finally {
      await workstation.stop();
    }
  }, 60_000);

  describe('paper and live never', () => {
    let paperHost: RunningExchange;
    let liveHost: RunningExchange;
    const paper = generateKeyPair();
    const live = { ...generateKeyPair(), keyId: `AK${generateKeyPair().keyId.slice(2)}` };

    beforeAll(async () => {
      // Two hosts, as Alpaca's paper and live are: the session refuses one host for both.
      paperHost = await startExchange({ seed: 5, startTime: SESSION_START, keys: paper });
      liveHost = await startExchange({ seed: 6, startTime: SESSION_START, keys: live });
    });
    afterAll(async () => {
      await paperHost?.close();
      await liveHost?.close();
    });

    for (const mode of ['paper', 'live'] as const satisfies readonly TradingMode[]) {
      it(`creates no demo bot in ${mode} mode, with the option on`, async () => {
        const keys = mode === 'paper' ? paper : live;
        const workstation = await open(fresh(), { mode, alpacaHosts: { paper: hostsOf(paperHost), live: hostsOf(liveHost) }, secrets: { keychain: 'off', env: { APCA_API_KEY_ID: keys.keyId, APCA_API_SECRET_KEY: keys.secret } } });
        try {
          expect({ mode: workstation.mode, notice: workstation.trading.snapshot() }).toMatchObject({ mode });
          expect(await workstation.demoBots.offer()).toEqual([]);
          expect(workstation.bots.list()).toEqual([]);
          expect(workstation.settings.get('demo.bots')).toBeNull();
        } finally {
          await workstation.stop();
        }
      }, 60_000);
    }

    it('creates none when paper was asked for and the start fell back to demo (no paper keys)', async () => {
      const workstation = await open(fresh(), { mode: 'paper' });
      try {
        expect(workstation.mode).toBe('demo');
        expect(workstation.bots.list()).toEqual([]);
        expect(workstation.settings.get('demo.bots')).toBeNull();
      } finally {
        await workstation.stop();
      }
    }, 60_000);
  });
});
