/**
 * `npm run bench`: every figure (bench/figures.ts), each a ratio against a
 * baseline measured in the same run, printed the moment it is measured.
 *
 *   npm run bench                          every figure, in order
 *   npm run bench -- ingest segments-million   only the named figures (in the full run's order)
 *   npm run bench -- --list                the names, with what each compares
 */
import { rm } from 'node:fs/promises';
import { noteNodeSupportOnce } from '../local/node-support.js';
import { worldTraversableTempDir } from '../test/support/temp-dir.js';
import { BenchContext } from './context.js';
import { FIGURES } from './figures.js';

// Before any SDK client exists: the SDK's own Node-version warning is then our one note (local/node-support.ts).
noteNodeSupportOnce();

const args = process.argv.slice(2);
if (args.includes('--list')) {
  const width = Math.max(...FIGURES.map((f) => f.name.length));
  for (const f of FIGURES) process.stdout.write(`${f.name.padEnd(width)}  ${f.summary}\n`);
  process.exit(0);
}
const unknown = args.filter((a) => !FIGURES.some((f) => f.name === a));
if (unknown.length > 0) {
  process.stderr.write(`Unknown figure ${unknown.join(', ')}; \`npm run bench -- --list\` names them: ${FIGURES.map((f) => f.name).join(', ')}\n`);
  process.exit(2);
}
const selected = args.length === 0 ? FIGURES : FIGURES.filter((f) => args.includes(f.name));

const dir = await worldTraversableTempDir('mkt-bench-');
const ctx = new BenchContext(dir);
try {
  for (const figure of selected) {
    process.stdout.write(`\n[${figure.name}]\n`);
    await figure.run(ctx);
  }
} finally {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
}
