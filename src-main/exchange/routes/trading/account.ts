import type { Broker } from '../../broker/broker.js';
import { invalidInput } from '../../broker/errors.js';
import type { AccountConfigurations } from '../../broker/model.js';
import { accountJson } from '../../broker/serialize.js';
import type { Route } from '../../server/route-types.js';
import { activities } from './activities.js';
import { portfolioHistory } from './portfolio-history.js';

const CONFIG_FIELDS: Record<keyof AccountConfigurations, (value: unknown) => boolean> = {
  dtbp_check: (v) => v === 'entry' || v === 'exit' || v === 'both',
  pdt_check: (v) => v === 'entry' || v === 'exit' || v === 'both',
  no_shorting: (v) => typeof v === 'boolean',
  suspend_trade: (v) => typeof v === 'boolean',
  fractional_trading: (v) => typeof v === 'boolean',
  max_margin_multiplier: (v) => v === '1' || v === '2' || v === '4',
  trade_confirm_email: (v) => v === 'all' || v === 'none',
  ptp_no_exception_entry: (v) => typeof v === 'boolean',
  max_options_trading_level: (v) => v === 0 || v === 1 || v === 2 || v === 3,
};

function configChanges(body: unknown): Partial<AccountConfigurations> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const check = CONFIG_FIELDS[key as keyof AccountConfigurations];
    if (!check) continue;
    const normalised = key === 'max_margin_multiplier' && typeof value === 'number' ? String(value) : value;
    if (!check(normalised)) throw invalidInput(`invalid ${key}`);
    changes[key] = normalised;
  }
  return changes as Partial<AccountConfigurations>;
}

/** /v2/account, its configurations, activities and portfolio history. */
export function accountRoutes(broker: Broker): Route[] {
  return [
    {
      method: 'GET',
      path: '/v2/account',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: accountJson(broker.account(req.keyId), broker.figuresOf(req.keyId)) };
      },
    },
    { method: 'GET', path: '/v2/account/configurations', handler: (req) => ({ status: 200, body: broker.account(req.keyId).configurations }) },
    { method: 'PATCH', path: '/v2/account/configurations', handler: (req) => ({ status: 200, body: broker.updateConfigurations(req.keyId, configChanges(req.body)) }) },
    { method: 'GET', path: '/v2/account/activities', handler: (req) => ({ status: 200, body: activities(broker.account(req.keyId), req.query, undefined) }) },
    {
      method: 'GET',
      path: '/v2/account/activities/:activity_type',
      handler: (req) => ({ status: 200, body: activities(broker.account(req.keyId), req.query, req.params.activity_type) }),
    },
    {
      method: 'GET',
      path: '/v2/account/portfolio/history',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: portfolioHistory(broker, req.keyId, req.query) };
      },
    },
  ];
}
