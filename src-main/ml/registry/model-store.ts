import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { PredictorJson } from '../predictor.js';
import type { TreeEnsembleJson } from '../trees/tree-model.js';
import { modelCardSchema, type ModelCard } from './model-card.js';

/**
 * The model registry: `<root>/<name>/<version>/` holding model.onnx, card.json and trees.json (the ensemble as
 * data, for the in-process predictor the ml-signal strategy runs). Two roots: the models shipped with the app
 * (read-only, `models/` in the app) and the trader's own under the data folder (`<data>/models`), where new
 * versions are written. A user model of the same name and version hides a shipped one.
 */
export interface StoredModel {
  card: ModelCard;
  dir: string;
  source: 'shipped' | 'user';
}

/** `trees` for a single tree ensemble (trees.json); `predictor` for any kind (an ensemble or a network: predictor.json). */
export interface ModelBundle {
  card: ModelCard;
  onnx: Uint8Array;
  trees?: TreeEnsembleJson;
  predictor?: PredictorJson;
}

export const MODEL_FILE = 'model.onnx';
export const CARD_FILE = 'card.json';
export const TREES_FILE = 'trees.json';
export const PREDICTOR_FILE = 'predictor.json';

export class ModelStore {
  constructor(private readonly roots: { user: string; shipped?: string }) {}

  /** Every model version with a readable card, newest version first per name; unreadable ones are skipped. */
  list(): StoredModel[] {
    const found = new Map<string, StoredModel>();
    for (const [source, root] of [['shipped', this.roots.shipped], ['user', this.roots.user]] as const) {
      if (!root || !existsSync(root)) continue;
      for (const name of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
        for (const v of readdirSync(join(root, name), { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d+$/.test(d.name))) {
          const dir = join(root, name, v.name);
          try {
            found.set(`${name}/${v.name}`, { card: readCard(dir), dir, source });
          } catch {
            // a half-written or hand-broken version is not listed; get() names what is wrong with it
          }
        }
      }
    }
    return [...found.values()].sort((a, b) => (a.card.name < b.card.name ? -1 : a.card.name > b.card.name ? 1 : b.card.version - a.card.version));
  }

  /** One model by name (`name` or `name@version`; the latest version when none is given). */
  get(ref: string): StoredModel {
    const [name, v] = ref.split('@');
    const versions = this.list().filter((m) => m.card.name === name && (v === undefined || String(m.card.version) === v));
    if (versions.length === 0) {
      for (const root of [this.roots.user, this.roots.shipped]) {
        const dir = root && v ? join(root, name!, v) : undefined;
        if (dir && existsSync(join(dir, CARD_FILE))) readCard(dir); // throws with the reason
      }
      throw new CodedError('NOT_FOUND', `no model "${ref}" in the registry (see: workstation ml models)`);
    }
    return versions[0]!;
  }

  /** Writes a new version of the card's model under the user root (version = last + 1) and returns it. */
  save(bundle: ModelBundle): StoredModel {
    const name = bundle.card.name;
    const latest = this.list().filter((m) => m.card.name === name).reduce((v, m) => Math.max(v, m.card.version), 0);
    const card = modelCardSchema.parse({ ...bundle.card, version: latest + 1 });
    const dir = join(this.roots.user, name, String(card.version));
    writeBundle(dir, { ...bundle, card });
    return { card, dir, source: 'user' };
  }
}

/** Writes model.onnx, trees.json and card.json into `dir` (through a temporary folder renamed into place). */
export function writeBundle(dir: string, bundle: ModelBundle): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, MODEL_FILE), bundle.onnx);
  const trees = bundle.trees ?? (bundle.predictor?.kind === 'trees' ? bundle.predictor.trees : undefined);
  if (trees) writeFileSync(join(tmp, TREES_FILE), JSON.stringify(trees));
  else if (bundle.predictor) writeFileSync(join(tmp, PREDICTOR_FILE), JSON.stringify(bundle.predictor));
  else throw new CodedError('INTERNAL', 'a model bundle needs its trees or its predictor');
  writeFileSync(join(tmp, CARD_FILE), `${JSON.stringify(modelCardSchema.parse(bundle.card), null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function readCard(dir: string): ModelCard {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, CARD_FILE), 'utf8'));
  } catch (e) {
    throw new CodedError('BAD_REQUEST', `${join(dir, CARD_FILE)} cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError('BAD_REQUEST', `${join(dir, CARD_FILE)}: ${issue.path.join('.') || 'card'}: ${issue.message}`);
  }
  return parsed.data;
}

export function readTrees(dir: string): TreeEnsembleJson {
  try {
    return JSON.parse(readFileSync(join(dir, TREES_FILE), 'utf8')) as TreeEnsembleJson;
  } catch (e) {
    throw new CodedError('BAD_REQUEST', `${join(dir, TREES_FILE)} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The model as data for in-process prediction: predictor.json (ensembles, networks) or trees.json. */
export function readPredictor(dir: string): PredictorJson {
  const file = join(dir, PREDICTOR_FILE);
  if (!existsSync(file)) return { kind: 'trees', trees: readTrees(dir) };
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PredictorJson;
  } catch (e) {
    throw new CodedError('BAD_REQUEST', `${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}
