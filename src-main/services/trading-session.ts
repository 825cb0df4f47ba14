import type { TradingMode } from '../../src-shared/domain/mode.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { LIVE_CONFIRMATION_PHRASE, type TradingStatus } from '../../src-shared/ipc/trading-schemas.js';
import type { ExecutionConfigInput } from '../adapters/alpaca/execution/execution-config.js';
import { ALPACA_HOSTS, stockStreamUrl, tradingOrigins, type AlpacaHosts } from '../adapters/alpaca/hosts.js';
import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import type { Logger } from '../logging/logger.js';
import type { AlpacaKeyMode } from '../secrets/accounts.js';
import type { DemoEndpoints } from './exchange-service.js';
import { demoDataConfig } from './market-data-service.js';
import type { AlpacaKeys, SecretsService } from './secrets-service.js';
import { healthOf, type Service } from './service.js';

export interface TradingSessionOptions {
  log: Logger;
  secrets: SecretsService;
  /** The stored mode for the next start, read when the session starts and written after a switch. */
  storedMode: { get(): TradingMode; set(mode: TradingMode): void };
  /** Paper and live hosts; default Alpaca's (tests: local exchanges standing in for them). */
  hosts?: Partial<Record<AlpacaKeyMode, AlpacaHosts>>;
  /** A mode forced for this run (the command line's `--mode`) instead of the stored one. */
  forcedMode?: TradingMode;
  /**
   * Demo mode against a local exchange that is already running (the command line's `--exchange-url`) instead of
   * the one the workstation starts itself.
   */
  externalExchange?: DemoEndpoints;
}

interface Pending {
  mode: TradingMode;
  liveConfirmed: boolean;
}

/**
 * Which market the workstation trades in (demo, paper or live) and with which keys: the one place the mode is
 * decided. Services started after it ask it for their endpoints, so demo, paper and live differ only in what it
 * answers. Paper keys are only ever paired with the paper host and live keys with the live host; live orders stay
 * locked until the trader confirms, every session.
 */
export class TradingSession implements Service {
  readonly name = 'trading-mode';
  private current: TradingMode = 'demo';
  private keys: AlpacaKeys | null = null;
  private liveConfirmed = false;
  private notice: string | null = null;
  private pending: Pending | undefined;
  private switchingNow = false;
  private keyPresence = { paper: false, live: false };

  constructor(private readonly options: TradingSessionOptions) {}

  async start(): Promise<void> {
    const wanted = this.pending?.mode ?? this.options.forcedMode ?? this.options.storedMode.get();
    const confirmed = this.pending?.liveConfirmed ?? false;
    this.pending = undefined;
    this.notice = null;
    this.keys = null;
    this.liveConfirmed = false;
    await this.refreshKeyPresence();
    // An external exchange's secret is ours to keep out of the log, like the demo exchange's own.
    if (this.options.externalExchange) this.options.log.redactor.addSecret(this.options.externalExchange.keys.secret);
    if (wanted === 'demo') {
      this.current = 'demo';
      return;
    }
    const clash = this.hostClash();
    if (clash) {
      // Market data asks the trading host for assets and the clock too: refuse before any request carries a key.
      this.current = 'demo';
      this.notice = `${clash}: started in demo mode; no key was sent`;
      this.options.log.error('trading', this.notice);
      return;
    }
    const keys = await this.options.secrets.alpacaKeys(wanted);
    if (!keys) {
      // Never trade in a mode without its own keys: fall back to the local exchange and say why.
      this.current = 'demo';
      this.notice = `${wanted} mode needs ${wanted} keys, and none are stored: started in demo mode. Enter them in Settings, then switch.`;
      this.options.log.warn('trading', this.notice);
      return;
    }
    this.current = wanted;
    this.keys = keys;
    this.liveConfirmed = wanted === 'live' && confirmed;
    if (wanted === 'live' && !confirmed) {
      this.notice = `live trading is locked until you confirm it in Settings (type ${LIVE_CONFIRMATION_PHRASE}); market data runs meanwhile`;
      this.options.log.warn('trading', this.notice);
    }
    this.options.log.info('trading', `trading mode ${wanted}`, { host: this.hosts(wanted).tradingUrl, keyIdLast4: keys.keyId.slice(-4) });
  }

  stop(): void {
    this.keys = null;
  }

  health() {
    const host = this.tradingHost();
    return healthOf(this.name, this.notice ? 'degraded' : 'ok', `${this.current}${host ? ` at ${host}` : ''}${this.notice ? `; ${this.notice}` : ''}`);
  }

  get mode(): TradingMode {
    return this.current;
  }

  /** True when demo mode trades against an external local exchange: the workstation then starts none of its own. */
  get usesExternalExchange(): boolean {
    return this.options.externalExchange !== undefined;
  }

  get switching(): boolean {
    return this.switchingNow;
  }

  /**
   * Checks a switch before anything stops: the target's keys are stored, and live has the typed confirmation.
   * Remembers the target for the next start. Throws NOT_FOUND (no keys) or FORBIDDEN (live without the phrase), each saying what to do.
   */
  async prepare(mode: TradingMode, confirmation: string | undefined): Promise<void> {
    if (this.switchingNow) throw new CodedError('UNAVAILABLE', 'a mode switch is already under way; wait for it to finish');
    if (mode !== 'demo' && !(await this.options.secrets.alpacaKeys(mode))) {
      throw new CodedError('NOT_FOUND', `no ${mode} keys are stored: enter your ${mode} key id and secret in Settings first`);
    }
    if (mode === 'live' && confirmation !== LIVE_CONFIRMATION_PHRASE) {
      throw new CodedError('FORBIDDEN', `live trading uses real money: type ${LIVE_CONFIRMATION_PHRASE} to confirm`);
    }
    this.pending = { mode, liveConfirmed: mode === 'live' };
  }

  /** Runs the restart of the mode's services, storing the new mode once they are up. */
  async switchWith(restart: () => Promise<void>): Promise<void> {
    if (!this.pending) throw new CodedError('INTERNAL', 'a mode switch must be prepared first');
    const target = this.pending.mode;
    this.switchingNow = true;
    try {
      await restart();
    } finally {
      this.switchingNow = false;
    }
    // Stored only if the mode really took (it falls back to demo when keys vanished in between).
    if (this.current === target) this.options.storedMode.set(target);
  }

  hosts(mode: AlpacaKeyMode): AlpacaHosts {
    return this.options.hosts?.[mode] ?? ALPACA_HOSTS[mode];
  }

  /** Market data for the current mode: the local exchange in demo, Alpaca's data hosts with the mode's keys otherwise. */
  dataConfig(demo: () => DemoEndpoints): AlpacaDataConfig {
    if (this.current === 'demo' || !this.keys) return demoDataConfig(this.options.externalExchange ?? demo());
    const hosts = this.hosts(this.current);
    return {
      tradingUrl: hosts.tradingUrl,
      dataUrl: hosts.dataUrl,
      stockStreamUrl: stockStreamUrl(hosts, 'iex'),
      keyId: this.keys.keyId,
      secret: this.keys.secret,
      feed: 'iex',
      source: 'alpaca',
    };
  }

  /** Execution for the current mode; the execution config refuses a key on the other environment's host. */
  executionInput(demo: () => DemoEndpoints): ExecutionConfigInput {
    if (this.current === 'demo' || !this.keys) {
      const endpoints = this.options.externalExchange ?? demo();
      return { mode: 'demo', keyId: endpoints.keys.keyId, secret: endpoints.keys.secret, baseUrl: endpoints.tradingUrl, streamUrl: endpoints.streamUrl, dataUrl: endpoints.dataUrl };
    }
    const hosts = this.hosts(this.current);
    return {
      mode: this.current,
      keyId: this.keys.keyId,
      secret: this.keys.secret,
      baseUrl: hosts.tradingUrl,
      streamUrl: hosts.tradingStreamUrl,
      dataUrl: hosts.dataUrl,
      hostOrigins: tradingOrigins({ paper: this.hosts('paper'), live: this.hosts('live') }),
      liveConfirmed: this.liveConfirmed,
    };
  }

  async status(): Promise<TradingStatus> {
    await this.refreshKeyPresence();
    return this.snapshot();
  }

  /** The last known status without asking the keychain again. */
  snapshot(): TradingStatus {
    return {
      mode: this.current,
      liveConfirmed: this.liveConfirmed,
      storedMode: this.options.storedMode.get(),
      keys: { ...this.keyPresence },
      tradingHost: this.tradingHost(),
      notice: this.notice,
      switching: this.switchingNow,
    };
  }

  /** Paper and live must be different trading hosts, or one environment's keys would reach the other's host. */
  private hostClash(): string | undefined {
    const origins = tradingOrigins({ paper: this.hosts('paper'), live: this.hosts('live') });
    return origins.paper === origins.live ? `the paper and live trading hosts are the same (${origins.paper}); refusing to send keys to it` : undefined;
  }

  private tradingHost(): string | null {
    if (this.current === 'demo') return this.options.externalExchange ? new URL(this.options.externalExchange.tradingUrl).origin : null;
    return new URL(this.hosts(this.current).tradingUrl).origin;
  }

  private async refreshKeyPresence(): Promise<void> {
    try {
      const status = this.options.secrets.current();
      const set = (id: string) => status.credentials.some((c) => c.id === id && c.set);
      this.keyPresence = { paper: set('alpaca.paper'), live: set('alpaca.live') };
    } catch {
      this.keyPresence = { paper: false, live: false };
    }
  }
}
