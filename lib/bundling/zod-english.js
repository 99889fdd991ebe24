/*
 * What Lambda bundles get for `import { z } from 'zod'` (an esbuild alias in
 * api-function.ts). It is zod's own entry (zod/index.js -> v4/classic/external.js)
 * with one line changed: `export * as locales` there puts every locale on the
 * `z` namespace, and a namespace used as a value cannot be tree-shaken, so each
 * bundle carried ~258 KB of translations nobody selects. English stays the
 * default (v4/classic/schemas.js registers it), so messages are unchanged.
 * Keep the re-exports in step with node_modules/zod/v4/classic/external.js
 * (test/infra/zod-english.test.ts compares the export names).
 */
import * as z from './zod-english-external.js';

export * from './zod-english-external.js';
export { z, z as default };
