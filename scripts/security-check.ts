/**
 * The security gate (`npm run security`): Electronegativity over exactly what the
 * installer packs — out/** and package.json, as electron-builder.yml's `files` — plus
 * the Content-Security-Policy header main adds at run time, which no static scan can
 * read. Fails on every finding that scripts/security-allowlist.json does not accept.
 *
 * Electronegativity exits 0 whatever it finds, so this script is the gate:
 * 1. stage out/ and package.json in a temp folder (.cjs/.mjs get a .js suffix there: the
 *    tool reads only .js/.ts/.html/package.json, and the sandboxed preload is index.cjs);
 * 2. run Electronegativity in-process and offline: every check except the ones that need
 *    the network, and its HTTP client replaced by one that refuses (it would otherwise
 *    fetch translations on start);
 * 3. wait for its SARIF report (.tmp/security/electronegativity.sarif, git-ignored) and
 *    parse it; findings keep the tool's severity, confidence and code sample;
 * 4. evaluate every CSP it found, and the runtime header, with the tool's own CSP
 *    evaluator, so an allow-list entry can name the exact CSP notes it accepts;
 * 5. match findings against the allow-list: each entry accepts exactly one finding, and
 *    an entry that matches nothing is an error too (the list only holds live reviews).
 *
 * Exit 0: nothing left; 1: findings not accepted, files the tool could not analyse, or
 * stale entries; 2: cannot run (no build, bad allow-list). `--out DIR` scans another
 * build folder (to try the gate on a patched build).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Session } from 'electron';
import { hardenSession } from '../main/electron/session-policy.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ALLOWLIST_PATH = join(import.meta.dirname, 'security-allowlist.json');
const REPORT_DIR = join(ROOT, '.tmp', 'security');
const REPORT_PATH = join(REPORT_DIR, 'electronegativity.sarif');

/** Left out, and why: they are the only checks that need the network. */
const EXCLUDED_CHECKS: Record<string, string> = {
  AvailableSecurityFixesGlobalCheck: 'downloads the Electron release list from GitHub to list security fixes newer than our Electron',
  ElectronVersionJSONCheck: 'only reads the Electron version from package.json as the input of the check above',
};

/** Built files (in out/) the app cannot run without: if one is missing, there is no build. */
const ENTRY_POINTS = ['main/index.js', 'main/worker.js', 'preload/index.cjs', 'renderer/index.html'];

/** The extensions Electronegativity's loader reads (besides package.json and lock files). */
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);

/** CSP evaluator severities Electronegativity counts (HIGH/MEDIUM: weak, *_MAYBE: maybe weak), and SYNTAX. */
const CSP_NOTE_SEVERITIES = ['HIGH', 'SYNTAX', 'MEDIUM', 'HIGH_MAYBE', 'MEDIUM_MAYBE'];

interface Finding {
  check: string;
  /** Path inside the package (out/..., package.json), or a source file for the runtime CSP. */
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  /** Electronegativity's "review required": a pointer for a human, not a verdict. */
  reviewRequired: boolean;
  description: string;
  sample: string | null;
  /** For a CSP: what the CSP evaluator notes, as "directive value" (null when it is not a readable CSP). */
  cspNotes: string[] | null;
  cspDetails: string[];
}

interface AllowEntry {
  check: string;
  file: string;
  sample?: string | null;
  cspNotes?: string[];
  reason: string;
}

/** Electronegativity's in-memory issue (dist/runner.js), the part we read. */
interface ToolIssue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  severity?: { name?: string };
  confidence?: { name?: string };
  manualReview?: boolean;
  description?: string;
  sample?: unknown;
}

interface ToolResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: ToolIssue[];
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
}

interface CspEvaluatorFinding {
  directive: string;
  value?: string;
  description: string;
  severity: number;
}

interface CspEvaluatorModule {
  CspParser: new (csp: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): CspEvaluatorFinding[] };
  Version: { CSP3: unknown };
  severities: Record<string, number>;
}

class SetupError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = resolve(values.out ?? join(ROOT, 'out'));
  const allowlist = readAllowlist();

  const requireHere = createRequire(import.meta.url);
  const toolDir = join(requireHere.resolve('@doyensec/electronegativity/package.json'), '..');
  const toolVersion = (JSON.parse(readFileSync(join(toolDir, 'package.json'), 'utf8')) as { version: string }).version;
  const requireTool = createRequire(join(toolDir, 'dist', 'runner.js'));
  const blockedRequests = blockNetwork(requireTool);
  const csp = requireTool('@doyensec/csp-evaluator') as CspEvaluatorModule;
  const electronVersion = findElectronVersion(requireHere);

  const stage = mkdtempSync(join(tmpdir(), 'taskdeck-security-'));
  try {
    const renamed = stagePackage(outDir, stage);
    warnIfStale(outDir);

    rmSync(REPORT_DIR, { recursive: true, force: true });
    mkdirSync(REPORT_DIR, { recursive: true });
    const excluded = Object.keys(EXCLUDED_CHECKS);
    const started = performance.now();
    const result = await quietly(async () => {
      // The tool picks its messages' language from LANG; the allow-list quotes them in English.
      process.env['LANG'] = 'en-US';
      const run = requireTool('./runner.js') as (options: object) => Promise<ToolResult>;
      return run({
        input: stage,
        output: REPORT_PATH,
        isSarif: true,
        customScan: [],
        excludeFromScan: excluded.map((check) => check.toLowerCase()),
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      });
    });
    const sarif = await readReport(result.issues.length);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    console.log(
      `security: Electronegativity ${toolVersion} over ${displayPath(outDir)} + package.json as packaged (Electron ${electronVersion}): ` +
        `${result.atomicChecks + result.globalChecks} checks in ${seconds} s; left out (need the network): ${excluded.join(', ')}`,
    );
    console.log(`security: report ${displayPath(REPORT_PATH)}`);
    if (blockedRequests.length > 0) console.log(`security: refused ${blockedRequests.length} network request(s) of the tool (${blockedRequests.join(', ')})`);

    const findings = sarif.map((entry, index) => toFinding(entry, result.issues[index], renamed, csp));
    const runtimeCsp = checkRuntimeCsp(csp);
    if (runtimeCsp) findings.push(runtimeCsp);

    return report(findings, result.errors.map((error) => ({ ...error, file: packagedPath(stage, error.file, renamed) })), allowlist);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Copies what electron-builder packs (out/** without maps, package.json) into `stage`. */
function stagePackage(outDir: string, stage: string): Map<string, string> {
  const missing = ENTRY_POINTS.filter((entry) => !existsSync(join(outDir, entry)));
  if (missing.length > 0) {
    throw new SetupError(`no build in ${displayPath(outDir)}/ (missing ${missing.join(', ')}); run \`npm run build\` first`);
  }
  const stagedOut = join(stage, 'out');
  cpSync(outDir, stagedOut, { recursive: true, filter: (source) => !source.endsWith('.map') });
  cpSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
  // Staged name -> packaged name, for files renamed so the tool reads them.
  const renamed = new Map<string, string>();
  for (const file of walk(stagedOut)) {
    const extension = extname(file);
    if (SCANNED_EXTENSIONS.has(extension) || (extension !== '.cjs' && extension !== '.mjs')) continue;
    renameSync(file, `${file}.js`);
    renamed.set(toPosix(relative(stage, `${file}.js`)), toPosix(relative(stage, file)));
  }
  return renamed;
}

/**
 * Replaces the tool's HTTP client (got) with one that refuses, before the tool loads it:
 * the scan is offline by construction, not only where the network happens to be down.
 */
function blockNetwork(requireTool: NodeJS.Require): string[] {
  const blocked: string[] = [];
  const refuse = (url: unknown): Promise<never> => {
    blocked.push(String(url).replace(/^https?:\/\//, '').slice(0, 80));
    return Promise.reject(new Error('the security check makes no network requests'));
  };
  const offline = Object.assign(refuse, { default: refuse, get: refuse, stream: refuse, extend: () => offline });
  for (const from of ['./locales/i18n.js', './finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js']) {
    const path = createRequire(requireTool.resolve(from)).resolve('got');
    const stub = new Module(path);
    stub.filename = path;
    stub.loaded = true;
    stub.exports = offline;
    requireTool.cache[path] = stub;
  }
  return blocked;
}

/** The installed Electron's version (what ships), else package.json's range. */
function findElectronVersion(requireHere: NodeJS.Require): string {
  try {
    // package.json only: requiring 'electron' itself would try to download the binary.
    return (JSON.parse(readFileSync(requireHere.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    const range = pkg.devDependencies?.['electron']?.match(/\d+\.\d+\.\d+/)?.[0];
    if (!range) throw new SetupError('cannot tell the Electron version (no node_modules/electron, no electron in package.json)');
    return range;
  }
}

/** Runs `task` with the tool's console chatter held back; lines we do not expect are shown. */
async function quietly<T>(task: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  const held: string[] = [];
  console.log = (...args: unknown[]) => held.push(args.map(String).join(' '));
  console.warn = console.log;
  try {
    return await task();
  } finally {
    console.log = log;
    console.warn = warn;
    for (const line of held) if (!line.startsWith('Could not retrieve updated translations')) console.log(`[electronegativity] ${line}`);
  }
}

/**
 * The tool writes its report with an asynchronous fs.writeFile it does not await, so
 * wait until the file holds the whole run (as many results as issues it returned).
 */
async function readReport(expected: number): Promise<SarifResult[]> {
  const deadline = Date.now() + 10_000;
  let problem = 'it was not written';
  while (Date.now() < deadline) {
    try {
      const sarif = JSON.parse(readFileSync(REPORT_PATH, 'utf8')) as { runs?: { results?: SarifResult[] }[] };
      const results = sarif.runs?.[0]?.results;
      if (Array.isArray(results) && results.length === expected) return results;
      problem = `it lists ${Array.isArray(results) ? results.length : 'no'} results, the run returned ${expected}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`Electronegativity's report ${displayPath(REPORT_PATH)} is unusable: ${problem}`);
}

/** A SARIF result, with what SARIF leaves out (severity, confidence, sample) from the same run's issue. */
function toFinding(entry: SarifResult, issue: ToolIssue | undefined, renamed: Map<string, string>, csp: CspEvaluatorModule): Finding {
  if (!issue || issue.id !== entry.ruleId) throw new Error(`the report and the run disagree at ${entry.ruleId}`);
  const location = entry.locations[0]?.physicalLocation;
  const uri = toPosix(location?.artifactLocation.uri ?? 'N/A');
  const sample = typeof issue.sample === 'string' ? issue.sample : null;
  const finding: Finding = {
    check: entry.ruleId,
    file: renamed.get(uri) ?? (uri === 'file:///' ? 'N/A' : uri),
    line: location?.region.startLine ?? 0,
    column: location?.region.startColumn ?? 0,
    severity: issue.severity?.name ?? '?',
    confidence: issue.confidence?.name ?? '?',
    reviewRequired: entry.level === 'note',
    description: entry.message.text,
    sample,
    cspNotes: null,
    cspDetails: [],
  };
  if (entry.ruleId === 'CSP_GLOBAL_CHECK' && sample !== null) Object.assign(finding, evaluateCsp(csp, sample));
  return finding;
}

function evaluateCsp(csp: CspEvaluatorModule, policy: string): { cspNotes: string[]; cspDetails: string[] } {
  const levels = new Map(CSP_NOTE_SEVERITIES.map((name) => [csp.severities[name], name]));
  const notes = cspFindings(csp, policy).filter((note) => levels.has(note.severity));
  return {
    cspNotes: notes.map((note) => (note.value ? `${note.directive} ${note.value}` : note.directive)).sort(),
    cspDetails: notes.map((note) => `${levels.get(note.severity)} ${note.directive}${note.value ? ` ${note.value}` : ''}: ${note.description}`),
  };
}

function cspFindings(csp: CspEvaluatorModule, policy: string): CspEvaluatorFinding[] {
  return new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
}

/**
 * The CSP header main puts on every response of the window's session, as the packaged
 * app sets it (no dev server). The scan cannot read it (the value is computed), so ask
 * the real module, with a session stand-in that only records the header listener.
 */
function checkRuntimeCsp(csp: CspEvaluatorModule): Finding | null {
  const file = 'main/electron/session-policy.ts';
  let listener: ((details: object, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
  const webRequest = { onHeadersReceived: (next: typeof listener) => (listener = next) };
  const session = new Proxy({}, { get: (_target, name) => (name === 'webRequest' ? webRequest : () => undefined) });
  hardenSession(session as Session);
  let policies: string[] = [];
  listener?.({ url: 'file:///index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }, (response) => {
    const headers = Object.entries(response.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() === 'content-security-policy');
    policies = headers.flatMap(([, value]) => value);
  });
  const base = { check: 'RUNTIME_CSP_CHECK', file, line: 1, column: 1, severity: 'MEDIUM', confidence: 'CERTAIN', reviewRequired: false };
  if (policies.length !== 1 || !policies[0]) {
    return { ...base, description: `hardenSession() should set exactly one Content-Security-Policy header; it set ${policies.length}`, sample: null, cspNotes: null, cspDetails: [] };
  }
  const evaluated = evaluateCsp(csp, policies[0]);
  if (evaluated.cspNotes.length === 0) return null;
  return { ...base, description: 'The CSP header of the packaged window has notes from the CSP evaluator', sample: policies[0], ...evaluated };
}

function report(findings: Finding[], errors: ToolResult['errors'], allowlist: AllowEntry[]): number {
  const unused = new Set(allowlist);
  const accepted: [Finding, AllowEntry][] = [];
  const rejected: Finding[] = [];
  for (const finding of findings) {
    const entry = [...unused].find((candidate) => matches(candidate, finding));
    if (entry) {
      unused.delete(entry);
      accepted.push([finding, entry]);
    } else rejected.push(finding);
  }

  for (const [finding, entry] of accepted) console.log(`  accepted  ${finding.check} ${where(finding)}: ${entry.reason}`);
  for (const finding of rejected) {
    console.log(`\n  FINDING   ${finding.check} (${finding.severity}, ${finding.confidence}${finding.reviewRequired ? ', review required' : ''}) ${where(finding)}`);
    console.log(`            ${finding.description}`);
    if (finding.sample !== null) console.log(`            sample: ${finding.sample.slice(0, 300)}`);
    for (const detail of finding.cspDetails) console.log(`            CSP: ${detail}`);
    if (finding.check !== 'RUNTIME_CSP_CHECK') console.log(`            https://github.com/doyensec/electronegativity/wiki/${finding.check}`);
  }
  const analysisErrors = errors.filter((error) => !error.tolerable);
  for (const error of errors) console.log(`  ${error.tolerable ? 'warning' : 'NOT ANALYSED'}  ${error.file}: ${error.message}`);
  for (const entry of unused) {
    console.log(`  STALE     allow-list entry ${entry.check} ${entry.file} matches no finding; remove it: ${entry.reason}`);
  }

  const problems = rejected.length + analysisErrors.length + unused.size;
  const summary = `${findings.length} finding(s), ${accepted.length} accepted by ${displayPath(ALLOWLIST_PATH)}`;
  if (problems === 0) {
    console.log(`security: passed — ${summary}`);
    return 0;
  }
  const parts = [
    rejected.length > 0 ? `${rejected.length} finding(s) not accepted` : '',
    analysisErrors.length > 0 ? `${analysisErrors.length} file(s) not analysed` : '',
    unused.size > 0 ? `${unused.size} stale allow-list entr${unused.size === 1 ? 'y' : 'ies'}` : '',
  ].filter(Boolean);
  console.log(`\nsecurity: FAILED — ${parts.join(', ')} (${summary}).`);
  console.log('          Fix real issues; only a reviewed false positive goes in the allow-list, with its reason.');
  return 1;
}

function matches(entry: AllowEntry, finding: Finding): boolean {
  if (entry.check !== finding.check || entry.file !== finding.file) return false;
  if ('sample' in entry && entry.sample !== finding.sample) return false;
  if (entry.cspNotes) {
    if (!finding.cspNotes) return false;
    const wanted = [...entry.cspNotes].sort();
    if (wanted.length !== finding.cspNotes.length || wanted.some((note, index) => note !== finding.cspNotes?.[index])) return false;
  }
  return true;
}

function readAllowlist(): AllowEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(ALLOWLIST_PATH, 'utf8'));
  } catch (error) {
    throw new SetupError(`cannot read ${displayPath(ALLOWLIST_PATH)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = (parsed as { accepted?: unknown }).accepted;
  if (!Array.isArray(list)) throw new SetupError(`${displayPath(ALLOWLIST_PATH)} needs an "accepted" array`);
  const known = new Set(['check', 'file', 'sample', 'cspNotes', 'reason']);
  return list.map((raw: unknown, index) => {
    const entry = raw as Record<string, unknown>;
    const bad = (why: string) => new SetupError(`${displayPath(ALLOWLIST_PATH)} entry ${index + 1}: ${why}`);
    if (typeof entry !== 'object' || entry === null) throw bad('not an object');
    const unknownKeys = Object.keys(entry).filter((key) => !known.has(key));
    if (unknownKeys.length > 0) throw bad(`unknown field(s) ${unknownKeys.join(', ')}`);
    for (const key of ['check', 'file', 'reason']) if (typeof entry[key] !== 'string' || entry[key] === '') throw bad(`"${key}" must be a non-empty string`);
    if (/[\r\n]/.test(entry['reason'] as string)) throw bad('"reason" must be one line');
    if (!('sample' in entry) && !('cspNotes' in entry)) throw bad('give "sample" (null: the finding has none) or "cspNotes", so it accepts one precise finding');
    if ('sample' in entry && entry['sample'] !== null && typeof entry['sample'] !== 'string') throw bad('"sample" must be a string or null');
    if ('cspNotes' in entry && !(Array.isArray(entry['cspNotes']) && entry['cspNotes'].every((note) => typeof note === 'string'))) {
      throw bad('"cspNotes" must be an array of strings');
    }
    return entry as unknown as AllowEntry;
  });
}

/** Warns (only) when a source file is newer than the build: the scan would miss it. */
function warnIfStale(outDir: string): void {
  const built = Math.min(...ENTRY_POINTS.map((entry) => statSync(join(outDir, entry)).mtimeMs));
  const newer = ['main', 'preload', 'renderer', 'common']
    .flatMap((folder) => walk(join(ROOT, folder)))
    .filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    console.warn(`security: warning: ${newer.length} source file(s) changed after the build (e.g. ${displayPath(newer[0]!)}); run \`npm run build\` for a current result`);
  }
}

function walk(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A staged file's path as packaged (out/preload/index.cjs, not the staged index.cjs.js). */
function packagedPath(stage: string, file: string, renamed: Map<string, string>): string {
  const staged = toPosix(relative(stage, file));
  return renamed.get(staged) ?? staged;
}

function where(finding: Finding): string {
  return finding.file === 'N/A' ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`;
}

function displayPath(path: string): string {
  const inside = relative(ROOT, path);
  return inside.startsWith('..') ? path : toPosix(inside);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`security: cannot run: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error('security: the check itself failed:', error);
    process.exitCode = 2;
  }
}
