// Validates the packaging configuration as far as a machine without the network allows (no Electron binary,
// no build of the installers): electron-builder's own schema check, the targets per OS, the native modules and
// ONNX/model paths unpacked from the ASAR, the icons at every size the targets need, the fuses, and a files list
// that ships the built app but no sources or tests. Exits 1 with every problem listed.
//
// Usage: node scripts/check-packaging.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { WORKER_BUNDLES, workerExternals } from './worker-bundles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { minimatch } = require('minimatch');
const problems = [];
const passed = [];
const check = (ok, what, detail = '') => (ok ? passed.push(what) : problems.push(`${what}${detail ? `: ${detail}` : ''}`));

// --- the configuration, as electron-builder loads and validates it -----------------------------------------------
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
const config = await getConfig(root, null, null);
try {
  await validateConfiguration(config, new DebugLogger(false));
  passed.push('electron-builder schema');
} catch (error) {
  problems.push(`electron-builder schema: ${String(error.message).split('\n').slice(0, 4).join(' ')}`);
}

// --- targets -------------------------------------------------------------------------------------------------------
const targetsOf = (platform) => [platform?.target ?? []].flat().map((t) => (typeof t === 'string' ? t : t.target).toLowerCase());
check(['appimage', 'deb'].every((t) => targetsOf(config.linux).includes(t)), 'Linux targets AppImage and deb', targetsOf(config.linux).join(','));
check(targetsOf(config.mac).includes('dmg'), 'macOS target dmg', targetsOf(config.mac).join(','));
check(targetsOf(config.win).includes('nsis'), 'Windows target nsis', targetsOf(config.win).join(','));

// --- fuses ---------------------------------------------------------------------------------------------------------
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};
for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
  check(config.electronFuses?.[fuse] === value, `fuse ${fuse} = ${value}`, `is ${config.electronFuses?.[fuse]}`);
}
check(config.asar !== false, 'asar on (ASAR integrity and only-load-from-ASAR need it)');

// --- native modules, ONNX runtime and models outside the ASAR -------------------------------------------------------
const unpack = [config.asarUnpack ?? []].flat();
const unpacked = (path) => unpack.some((glob) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') }));
const nativeFiles = [];
for (const name of ['better-sqlite3', 'keytar']) {
  const dir = join(root, 'node_modules', name, 'build', 'Release');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.node')) : [];
  check(files.length > 0, `${name} has a built native module`, `${relative(root, dir)} holds no .node file (npm rebuild ${name})`);
  for (const file of files) nativeFiles.push(relative(root, join(dir, file)));
}
for (const file of nativeFiles) check(unpacked(file), `asarUnpack matches ${file}`);
// Paths that must be unpacked once they exist (the ONNX runtime arrives with the ML issue).
for (const path of ['node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1', 'node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll', 'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib', 'models/example/1/model.onnx', 'dist/main/exchange-worker.mjs']) {
  check(unpacked(path), `asarUnpack matches ${path}`);
}
check(config.npmRebuild !== false, 'npmRebuild on (native modules rebuilt for Electron)');
const dependencies = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {};
for (const name of ['better-sqlite3', 'keytar']) check(name in dependencies, `${name} is a production dependency (shipped and rebuilt)`);

// --- icons ---------------------------------------------------------------------------------------------------------
function pngSize(file) {
  const bytes = readFileSync(file);
  if (bytes.readUInt32BE(0) !== 0x89504e47) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
const iconDir = join(root, config.linux?.icon ?? 'assets/icons');
// hicolor sizes for Linux, the .ico's sizes for Windows, 512 and 1024 for macOS.
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  const file = join(iconDir, `${size}x${size}.png`);
  const actual = existsSync(file) ? pngSize(file) : null;
  check(actual?.width === size && actual?.height === size, `icon ${size}x${size}`, actual ? `${relative(root, file)} is ${actual.width}x${actual.height}` : `${relative(root, file)} is missing (node scripts/make-icons.mjs)`);
}
// The tray's state icons (src-main/electron/tray-model.ts), 16 px for macOS and 32 px elsewhere.
for (const state of ['connected', 'disconnected', 'halted', 'alert']) {
  for (const size of [16, 32]) {
    const file = join(root, 'assets', 'icons', 'tray', `${state}-${size}.png`);
    const actual = existsSync(file) ? pngSize(file) : null;
    check(actual?.width === size && actual?.height === size, `tray icon ${state} ${size}x${size}`, actual ? `${actual.width}x${actual.height}` : 'missing (node scripts/make-icons.mjs)');
  }
}
for (const [platform, minimum] of [['mac', 512], ['win', 256]]) {
  const file = join(root, config[platform]?.icon ?? '');
  const actual = existsSync(file) && statSync(file).isFile() ? pngSize(file) : null;
  check(actual !== null && actual.width >= minimum && actual.width === actual.height, `${platform} icon at least ${minimum}x${minimum}`, actual ? `${actual.width}x${actual.height}` : `${config[platform]?.icon} missing`);
}

// --- the files list: the built app, no sources, tests or source maps ----------------------------------------------------
const patterns = [config.files ?? []].flat().flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
const included = (path) => {
  let ok = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) ok = false;
    } else if (minimatch(path, pattern, { dot: true })) ok = true;
  }
  return ok;
};
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const built = existsSync(join(root, 'dist')) ? execFileSync('find', ['dist', '-type', 'f'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean) : [];
const shipped = [...tracked, ...built].filter(included);
const forbidden = shipped.filter((p) => /^(src-main|src-renderer|src-shared|tests|scripts|bench|\.ci)\//.test(p) || /\.(map|ts|tsx)$/.test(p) || p.startsWith('dist/bench/'));
check(forbidden.length === 0, 'files list ships no sources, tests, benchmarks or source maps', forbidden.slice(0, 5).join(', '));
const mainEntry = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main;
check(included(mainEntry), `files list ships the main entry ${mainEntry}`);
for (const path of ['dist/electron/preload.cjs', 'dist/renderer/index.html', 'assets/icons/256x256.png']) check(included(path), `files list ships ${path}`);

// --- worker bundles: listed, unpacked, shipped, self-contained -----------------------------------------------------
// A packaged app loads its worker threads from app.asar.unpacked, where nothing but what asarUnpack names exists.
const listedWorkers = new Set(WORKER_BUNDLES.map((b) => b.name));
const namedWorkers = new Set();
for (const file of tracked.filter((p) => /^src-main\/.*\.ts$/.test(p))) {
  for (const m of readFileSync(join(root, file), 'utf8').matchAll(/([\w-]+-worker)\.mjs/g)) namedWorkers.add(m[1]);
}
if (existsSync(join(root, 'dist', 'main'))) {
  // cli.mjs and its chunks (cli-chunk-*.mjs, loaded from the ASAR like cli.mjs) are not workers.
  for (const f of readdirSync(join(root, 'dist', 'main'))) if (f.endsWith('.mjs') && f !== 'cli.mjs' && !f.startsWith('cli-chunk-')) namedWorkers.add(f.slice(0, -'.mjs'.length));
}
for (const name of [...namedWorkers].sort()) {
  check(listedWorkers.has(name), `worker bundle ${name} is listed in scripts/worker-bundles.mjs`, 'named by the code or built into dist/main but not listed, so it is neither built self-contained nor unpacked');
}
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec);
/** Every file of a package's JavaScript that its entry pulls in, relative to the root (what must be unpacked). */
async function runtimeFiles(pkg) {
  // Native .node files are not JavaScript: left external here, they are checked against asarUnpack by their own rule.
  const result = await esbuild({ entryPoints: [pkg], bundle: true, platform: 'node', write: false, metafile: true, outdir: join(root, 'dist', '.check-packaging'), absWorkingDir: root, logLevel: 'silent', external: ['*.node'] });
  return Object.keys(result.metafile.inputs).filter((f) => f.startsWith('node_modules/'));
}
for (const bundle of WORKER_BUNDLES) {
  const path = `dist/main/${bundle.name}.mjs`;
  check(unpacked(path), `asarUnpack matches ${path}`);
  check(included(path), `files list ships ${path}`);
  let imports = [];
  try {
    // The same bundle scripts/build.mjs writes, built in memory for its list of imports left outside.
    const result = await esbuild({ entryPoints: { [bundle.name]: bundle.entry }, bundle: true, platform: 'node', target: 'node20', format: 'esm', write: false, metafile: true, outdir: join(root, 'dist', '.check-packaging'), absWorkingDir: root, external: workerExternals(bundle), logLevel: 'silent' });
    imports = [...new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))];
  } catch (error) {
    problems.push(`${bundle.name}: does not build from ${bundle.entry}: ${String(error.message).split('\n')[0]}`);
    continue;
  }
  const outside = imports.filter((spec) => !isBuiltin(spec));
  const allowed = (spec) => bundle.optional.includes(packageOf(spec)) || (bundle.native.includes(packageOf(spec)) && packageOf(spec) in dependencies);
  const refused = outside.filter((spec) => !allowed(spec));
  check(refused.length === 0, `${bundle.name} is self-contained (Node built-ins, unpacked native production dependencies and optional packages only)`, `imports ${refused.join(', ')} from outside the bundle`);
  // The file that ships, where it is built: a stale or differently built bundle shows its outside imports here.
  if (existsSync(join(root, path))) {
    const text = readFileSync(join(root, path), 'utf8');
    const specs = [...text.matchAll(/(?:\bfrom ?|\bimport ?|\brequire\()"([^"./][^"]*)"/g)].map((m) => m[1]);
    // Only names that are packages: bundled text can quote one that merely looks like an import (BullMQ's Lua
    // scripts say `requires code from "moveToFinished"` in their comments).
    const isPackage = (spec) => packageOf(spec) in dependencies || existsSync(join(root, 'node_modules', packageOf(spec), 'package.json'));
    const stray = [...new Set(specs.filter((spec) => !isBuiltin(spec) && !allowed(spec) && isPackage(spec)))];
    check(stray.length === 0, `${path} as built imports nothing from outside but what its bundle allows`, `it imports ${stray.slice(0, 5).join(', ')} (rebuild: node scripts/build.mjs)`);
  }
  for (const pkg of new Set(outside.map(packageOf).filter((p) => bundle.native.includes(p)))) {
    const files = await runtimeFiles(pkg);
    const packed = [`node_modules/${pkg}/package.json`, ...files].filter((f) => !unpacked(f));
    check(files.length > 0 && packed.length === 0, `${bundle.name}: ${pkg} and what it loads are unpacked`, packed.length ? `asarUnpack misses ${packed.slice(0, 4).join(', ')}` : `found none of its files`);
  }
}

// --- auto-update: configured off ------------------------------------------------------------------------------------
const hasUpdater = existsSync(join(root, 'node_modules', 'electron-updater'));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
check(hasUpdater && Boolean(packageJson.dependencies?.['electron-updater']), 'electron-updater is a production dependency (shipped in the package)');
const feeds = [config.publish ?? []].flat().filter(Boolean);
check(feeds.length > 0 && feeds.every((feed) => typeof feed === 'string' || typeof feed.provider === 'string'), 'a publish feed is configured for electron-updater', JSON.stringify(config.publish));
const settingsSource = readFileSync(join(root, 'src-shared', 'ipc', 'settings.ts'), 'utf8');
check(/'updates\.autoCheck': false,/.test(settingsSource), 'auto-update is off by default (updates.autoCheck defaults to false)');
const electronMain = readFileSync(join(root, 'src-main', 'electron', 'main.ts'), 'utf8');
check(/startAutoUpdate\(\{ enabled: workstation\.settings\.get\('updates\.autoCheck'\)/.test(electronMain), 'main checks for updates only behind the updates.autoCheck setting');

process.stdout.write(`check-packaging: ${passed.length} checks passed\n`);
if (problems.length) {
  for (const problem of problems) process.stderr.write(`check-packaging: ${problem}\n`);
  process.exit(1);
}
