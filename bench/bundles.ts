/**
 * Lambda bundle size and module init, each against a floor: bench/floor/handler.ts
 * (an RDSDataClient and one ExecuteStatement) bundled with the same esbuild
 * settings as every function (BUNDLING in lib/constructs/api-function.ts).
 *
 * The functions' bundles come from a real `cdk synth` with bundling; each
 * function's entry file is found through its template's asset path and handler.
 * Init is the CPU time `import()` of the entry takes in a fresh node process
 * (what a cold start pays after the runtime is up), median of several
 * processes, run alternately with the floor so machine noise hits both.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { BUNDLING, PROJECT_ROOT } from '../lib/constructs/api-function.js';
import { median } from './harness.js';

const run = promisify(execFile);

export interface BundledFunction {
  /** The function's service name (POWERTOOLS_SERVICE_NAME). */
  name: string;
  /** An ApiFunction of the API (description "API domain ..."), the figures the target is about. */
  api: boolean;
  entryFile: string;
}

interface TemplateFunction {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: { Handler?: string; Description?: string; Environment?: { Variables?: Record<string, unknown> } };
}

/** `cdk synth` with bundling into `outDir`; returns every ApiFunction (each is a bundled asset). */
export async function synthFunctions(outDir: string): Promise<BundledFunction[]> {
  await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-c', 'stage=dev', '-o', outDir], {
    cwd: PROJECT_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const functions: BundledFunction[] = [];
  for (const artifact of Object.values(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const template = JSON.parse(await readFile(path.join(outDir, artifact.properties.templateFile), 'utf8')) as {
      Resources: Record<string, TemplateFunction>;
    };
    for (const [id, resource] of Object.entries(template.Resources)) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      const handler = resource.Properties.Handler;
      if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string' || !handler) continue;
      const module = handler.slice(0, handler.lastIndexOf('.'));
      const entryFile = ['.mjs', '.js'].map((ext) => path.join(outDir, assetPath, `${module}${ext}`)).find((f) => existsSync(f));
      if (!entryFile) throw new Error(`No entry file for ${id} (${assetPath}, handler ${handler})`);
      // Ours are ApiFunctions (they carry a service name); CDK's own provider handlers load the runtime's SDK.
      const service = resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      if (typeof service !== 'string') continue;
      functions.push({
        name: service,
        api: (resource.Properties.Description ?? '').startsWith('API domain'),
        entryFile,
      });
    }
  }
  return functions;
}

/** The floor handler bundled the way NodejsFunction bundles every function (BUNDLING, mapped to esbuild's API). */
export async function bundleFloor(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'index.mjs');
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'bench', 'floor', 'handler.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMapMode,
    sourcesContent: BUNDLING.sourcesContent,
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
    logLevel: 'silent',
  });
  return outfile;
}

// What a function reads at init is configuration, never a live resource; the same for every bundle and the floor.
const INIT_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  STAGE: 'dev',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'MarketingOps',
  DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  DB_NAME: 'bench',
  CONTENT_BUCKET: 'bench-bucket',
  JWT_ISSUER: 'https://issuer.example',
  JWT_AUDIENCE: 'bench',
};

// CPU time, not wall time: module init is parsing, compiling and running code, and CPU time does not
// count the moments other processes on the machine held the cores.
const IMPORT_TIMER =
  'const c = process.cpuUsage(); await import(process.argv[1]); const u = process.cpuUsage(c); process.stdout.write(String((u.user + u.system) / 1000));';

/** Functions whose process failed after the import finished (the first line of stderr), reported with their figures. */
const lateFailures = new Map<string, string>();

/** CPU milliseconds `import()` of the entry file takes in a fresh node process. */
export async function initMs(entryFile: string): Promise<number> {
  const args = ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(entryFile).href];
  try {
    const { stdout } = await run(process.execPath, args, { env: INIT_ENV });
    return Number(stdout);
  } catch (error) {
    // The import finished (it printed its time) and something it started failed later, e.g. a WASM
    // loader that looks for a file the asset lacks: the time still counts, the failure is reported.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (!stdout || Number.isNaN(Number(stdout))) throw error;
    lateFailures.set(entryFile, (stderr ?? '').split('\n')[0] ?? '');
    return Number(stdout);
  }
}

export interface BundleFigure {
  fn: BundledFunction;
  bytes: number;
  sizeRatio: number;
  initMs: number;
  floorInitMs: number;
  initRatio: number;
}

export async function measureBundle(fn: BundledFunction, floorFile: string, floorBytes: number, rounds: number): Promise<BundleFigure> {
  const bytes = (await stat(fn.entryFile)).size;
  await initMs(fn.entryFile); // warm the file cache for both
  await initMs(floorFile);
  const own: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < rounds; i++) {
    own.push(await initMs(fn.entryFile));
    floor.push(await initMs(floorFile));
  }
  const ownMs = median(own);
  const floorMs = median(floor);
  return { fn, bytes, sizeRatio: bytes / floorBytes, initMs: ownMs, floorInitMs: floorMs, initRatio: ownMs / floorMs };
}

export function formatBundle(f: BundleFigure, floorBytes: number): string {
  const kb = (n: number): string => (n / 1024).toFixed(0);
  return (
    `  ${f.fn.name.padEnd(16)}${f.fn.api ? ' (API)' : '      '} size ${kb(f.bytes).padStart(5)} KB, ${f.sizeRatio.toFixed(2)}× floor (${kb(floorBytes)} KB); ` +
    `init ${f.initMs.toFixed(1)} ms CPU, ${f.initRatio.toFixed(2)}× floor (${f.floorInitMs.toFixed(1)} ms)` +
    (lateFailures.has(f.fn.entryFile) ? `\n    ! the process failed after the import: ${lateFailures.get(f.fn.entryFile)}` : '')
  );
}
