import type { Database } from 'better-sqlite3';
import { alertCondition, type AlertRule, type FiredAlert } from '../../src-shared/ipc/alerts-schemas.js';
import type { AlertCandidate } from './rule-engine.js';

interface RuleRow {
  id: string;
  name: string;
  condition: string;
  enabled: number;
  webhook_url: string | null;
  repeat: AlertRule['repeat'];
  cooldown_seconds: number;
  created_at: number;
  updated_at: number;
}
interface HistoryRow {
  id: number;
  rule_id: string;
  rule_name: string;
  kind: string;
  event_key: string;
  message: string;
  value: number | null;
  at: number;
}

/** Alert rules and firings in the app database (migrations 0004 and 0006). */
export class AlertStore {
  constructor(private readonly db: Database) {}

  rules(): AlertRule[] {
    const rows = this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all() as RuleRow[];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      condition: alertCondition.parse(JSON.parse(row.condition)),
      enabled: row.enabled === 1,
      webhookUrl: row.webhook_url,
      repeat: row.repeat,
      cooldownSeconds: row.cooldown_seconds,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  saveRule(rule: AlertRule): void {
    this.db
      .prepare(
        `INSERT INTO alert_rules (id, name, condition, enabled, webhook_url, repeat, cooldown_seconds, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, condition = excluded.condition, enabled = excluded.enabled,
           webhook_url = excluded.webhook_url, repeat = excluded.repeat, cooldown_seconds = excluded.cooldown_seconds, updated_at = excluded.updated_at`,
      )
      .run(rule.id, rule.name, JSON.stringify(rule.condition), rule.enabled ? 1 : 0, rule.webhookUrl, rule.repeat, rule.cooldownSeconds, rule.createdAt, rule.updatedAt);
  }

  deleteRule(id: string): boolean {
    return this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
  }

  /** Stores a firing; null when this rule already fired for this event (the UNIQUE constraint decides). */
  record(candidate: AlertCandidate): FiredAlert | null {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO alert_history (rule_id, rule_name, kind, event_key, message, value, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(candidate.rule.id, candidate.rule.name, candidate.kind, candidate.eventKey, candidate.message, candidate.value, candidate.at);
    if (result.changes === 0) return null;
    return {
      id: Number(result.lastInsertRowid),
      ruleId: candidate.rule.id,
      ruleName: candidate.rule.name,
      kind: candidate.kind,
      message: candidate.message,
      eventKey: candidate.eventKey,
      at: candidate.at,
      value: candidate.value,
    };
  }

  history(limit: number): FiredAlert[] {
    const rows = this.db.prepare('SELECT * FROM alert_history ORDER BY at DESC, id DESC LIMIT ?').all(limit) as HistoryRow[];
    return rows.map((row) => ({
      id: row.id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      kind: row.kind as FiredAlert['kind'],
      message: row.message,
      eventKey: row.event_key,
      at: row.at,
      value: row.value,
    }));
  }
}
