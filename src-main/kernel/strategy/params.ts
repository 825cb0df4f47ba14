import type { z } from 'zod';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { ParamsSchema } from './types.js';

/** One parameter's search space, read from the schema: numbers carry min/max (and integer-ness), enums their options. */
export type ParamSpace =
  | { name: string; kind: 'number'; integer: boolean; min: number; max: number; default: number; description?: string }
  | { name: string; kind: 'enum'; options: string[]; default: string; description?: string }
  | { name: string; kind: 'boolean'; default: boolean; description?: string };

interface Introspected {
  def: { type: string; innerType?: Introspected; defaultValue?: unknown };
  description?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly unknown[];
}

/** The search space of every parameter in a strategy's schema. A number without both bounds has no range to search. */
export function paramSpace(schema: ParamsSchema): ParamSpace[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    let node = field as unknown as Introspected;
    let fallback: unknown;
    const description = node.description;
    while (node.def.innerType) {
      if (node.def.type === 'default') fallback = node.def.defaultValue;
      node = node.def.innerType;
    }
    const base = { name, ...(description !== undefined ? { description } : {}) };
    switch (node.def.type) {
      case 'number': {
        const min = node.minValue;
        const max = node.maxValue;
        if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) {
          throw new CodedError('INTERNAL', `parameter ${name} needs a min and a max in its schema`);
        }
        return { ...base, kind: 'number', integer: node.isInt === true, min, max, default: Number(fallback ?? min) };
      }
      case 'enum': {
        const options = (node.options ?? []).map(String);
        return { ...base, kind: 'enum', options, default: String(fallback ?? options[0]) };
      }
      case 'boolean':
        return { ...base, kind: 'boolean', default: Boolean(fallback) };
      default:
        throw new CodedError('INTERNAL', `parameter ${name} has type ${node.def.type}; use number, enum or boolean`);
    }
  });
}

/**
 * Parses `name=value` pairs (the CLI's --param, a form's fields) against the schema: unknown names, non-numbers and
 * out-of-range values are refused with the parameter's name; missing ones take their defaults.
 */
export function parseParams<S extends ParamsSchema>(schema: S, raw: Record<string, string | number | boolean>): z.output<S> {
  const space = new Map(paramSpace(schema).map((p) => [p.name, p]));
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const p = space.get(name);
    if (!p) throw new CodedError('BAD_REQUEST', `unknown parameter "${name}" (known: ${[...space.keys()].join(', ')})`);
    if (p.kind === 'number') {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'boolean' || !Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) {
        throw new CodedError('BAD_REQUEST', `parameter ${name} must be a number, got "${String(value)}"`);
      }
      values[name] = n;
    } else if (p.kind === 'boolean') {
      values[name] = value === true || value === 'true' || value === '1';
    } else {
      values[name] = String(value);
    }
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError('BAD_REQUEST', `parameter ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as z.output<S>;
}
