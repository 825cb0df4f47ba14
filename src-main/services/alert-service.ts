import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { defaultCooldownSeconds, type AlertRule, type FiredAlert, type saveAlertRuleRequest } from '../../src-shared/ipc/alerts-schemas.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { AlertStore } from '../alerts/alert-store.js';
import { AlertThrottle } from '../alerts/alert-throttle.js';
import { checkIndicatorCondition, IndicatorAlerts } from '../alerts/indicator-alerts.js';
import { AlertRuleEngine, type AlertCandidate, type BotEvent, type OrderEvent, type RiskEvent } from '../alerts/rule-engine.js';
import type { EventHub } from '../ipc/event-hub.js';
import type { Logger } from '../logging/logger.js';
import type { MarketDataApi } from '../market-data/types.js';
import { healthOf, type Service } from './service.js';

export interface AlertServiceOptions {
  log: Logger;
  hub: EventHub;
  database: () => Database;
  marketData: () => MarketDataApi;
  /** Webhook transport (tests may pass their own loopback fetch); default the global fetch. */
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
}

const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * Alert rules in main: evaluates them against live trades and market data status (holding live interest in every
 * symbol a rule names), order updates and the risk state (the contract's events, heard inside main), stores each
 * firing once, and delivers it to every GUI (`alerts.fired`), to listeners in main (desktop notifications, the
 * tray) and to the rule's webhook.
 */
export class AlertService implements Service {
  readonly name = 'alerts';
  private readonly engine = new AlertRuleEngine();
  /** One-shot and cooldown rules: whether a match may fire (after the engine, before the store). */
  private readonly throttle = new AlertThrottle();
  /** Indicator-condition rules: their own bar subscriptions and history warm-up (the engine stays pure). */
  private readonly indicators: IndicatorAlerts;
  private store: AlertStore | undefined;
  private releaseMarket: (() => void) | undefined;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly listeners = new Set<(alert: FiredAlert) => void>();
  private fired = 0;
  private webhookFailures = 0;

  constructor(private readonly options: AlertServiceOptions) {
    this.indicators = new IndicatorAlerts({ marketData: () => options.marketData(), onCandidates: (candidates) => this.handle(candidates), log: options.log });
  }

  start(): void {
    this.store = new AlertStore(this.options.database());
    this.engine.setRules(this.store.rules());
    this.indicators.setRules(this.store.rules());
    const hub = this.options.hub;
    this.unsubscribers.push(
      hub.subscribe('orders.order', (batch) => {
        for (const item of batch.items as Array<OrderEvent & { intent: Record<string, unknown> }>) {
          const symbol = typeof item.intent?.symbol === 'string' ? item.intent.symbol : null;
          this.handle(this.engine.onOrder({ ...item, symbol }, Date.now()));
        }
      }),
      hub.subscribe('orders.risk', (batch) => {
        for (const item of batch.items as RiskEvent[]) this.handle(this.engine.onRisk(item, Date.now()));
      }),
      hub.subscribe('bots.state', (batch) => {
        for (const item of batch.items as BotEvent[]) this.handle(this.engine.onBot(item));
      }),
    );
    this.watchSymbols();
  }

  stop(): void {
    this.indicators.stop();
    this.releaseMarket?.();
    this.releaseMarket = undefined;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  health() {
    if (!this.store) return healthOf(this.name, 'stopped', 'not running');
    const rules = this.engine.symbols();
    const detail = `${this.rules().filter((r) => r.enabled).length} rules on; ${this.fired} fired; watching ${rules.length ? rules.join(', ') : 'no symbols'}${this.webhookFailures ? `; ${this.webhookFailures} webhook failures` : ''}`;
    return healthOf(this.name, 'ok', detail);
  }

  /** The indicator rules being followed and their latest values (diagnostics and tests). */
  indicatorState(): ReturnType<IndicatorAlerts['state']> {
    return this.indicators.state();
  }

  /** Listeners in main (desktop notifications, the tray); returns the function that removes it. */
  onFired(listener: (alert: FiredAlert) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  rules(): AlertRule[] {
    return this.requireStore().rules();
  }

  saveRule(request: z.output<typeof saveAlertRuleRequest>): AlertRule[] {
    const store = this.requireStore();
    const now = Date.now();
    const existing = request.id ? store.rules().find((r) => r.id === request.id) : undefined;
    if (request.id && !existing) throw new CodedError('NOT_FOUND', `no alert rule ${request.id}`);
    if (request.condition.kind === 'indicator') checkIndicatorCondition(request.condition);
    store.saveRule({
      id: existing?.id ?? randomUUID(),
      name: request.name,
      condition: request.condition,
      enabled: request.enabled,
      webhookUrl: request.webhookUrl,
      repeat: request.repeat,
      cooldownSeconds: request.cooldownSeconds ?? defaultCooldownSeconds(request.condition.kind),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    if (existing) this.throttle.reset(existing.id);
    return this.rulesChanged();
  }

  deleteRule(id: string): AlertRule[] {
    if (!this.requireStore().deleteRule(id)) throw new CodedError('NOT_FOUND', `no alert rule ${id}`);
    this.throttle.reset(id);
    return this.rulesChanged();
  }

  history(limit: number): FiredAlert[] {
    return this.requireStore().history(limit);
  }

  private rulesChanged(): AlertRule[] {
    const rules = this.requireStore().rules();
    this.engine.setRules(rules);
    this.indicators.setRules(rules);
    this.watchSymbols();
    return rules;
  }

  /** Holds live interest in exactly the symbols the enabled rules name. */
  private watchSymbols(): void {
    this.releaseMarket?.();
    this.releaseMarket = undefined;
    const symbols = this.engine.symbols();
    if (symbols.length === 0) return;
    this.releaseMarket = this.options.marketData().subscribe(symbols, {
      onTrade: (trade) => this.handle(this.engine.onTrade(trade.symbol, trade.price, trade.t)),
      onStatus: (status) => this.handle(this.engine.onStatus(status)),
    });
  }

  private handle(candidates: AlertCandidate[]): void {
    if (candidates.length === 0 || !this.store) return;
    for (const candidate of candidates) {
      const { rule } = candidate;
      if (!this.throttle.admits(rule, candidate.at)) continue;
      const fired = this.store.record(candidate);
      if (!fired) continue;
      this.throttle.fired(rule.id, candidate.at);
      // A one-shot rule turns itself off, stored, so it stays off after a restart (the GUI sees it in the rules).
      if (rule.repeat === 'once') {
        this.store.saveRule({ ...rule, enabled: false, updatedAt: Date.now() });
        this.rulesChanged();
      }
      this.fired++;
      this.options.log.info('alerts', `${fired.ruleName}: ${fired.message}`, { ruleId: fired.ruleId, kind: fired.kind });
      this.options.hub.publish('alerts.fired', fired);
      for (const listener of this.listeners) {
        try {
          listener(fired);
        } catch (error) {
          this.options.log.warn('alerts', 'an alert listener failed', { error: String(error) });
        }
      }
      if (candidate.rule.webhookUrl) void this.postWebhook(candidate.rule.webhookUrl, fired);
    }
  }

  private async postWebhook(url: string, alert: FiredAlert): Promise<void> {
    const send = this.options.fetch ?? fetch;
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ alert }),
        signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      this.webhookFailures++;
      this.options.log.warn('alerts', `the webhook of "${alert.ruleName}" failed`, { host: new URL(url).host, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private requireStore(): AlertStore {
    if (!this.store) throw new CodedError('UNAVAILABLE', 'alerts are not running yet');
    return this.store;
  }
}
