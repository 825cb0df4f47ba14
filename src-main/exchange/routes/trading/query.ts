import { invalidInput } from '../../broker/errors.js';

/** Query-string helpers for the trading routes: Alpaca answers malformed parameters with 422 (40010001). */
export function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw invalidInput(`invalid ${name}`);
  return Math.min(value, max);
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  return query.get(name) === 'true';
}

/** A timestamp parameter: RFC-3339 or a YYYY-MM-DD date (New York midnight is close enough for paging). */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Date.parse(raw);
  if (Number.isNaN(value)) throw invalidInput(`invalid ${name}`);
  return value;
}

export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function directionParam(query: URLSearchParams): 'asc' | 'desc' {
  const raw = query.get('direction');
  if (raw === null || raw === '' || raw === 'desc') return 'desc';
  if (raw === 'asc') return 'asc';
  throw invalidInput('invalid direction');
}
