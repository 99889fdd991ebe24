/**
 * `npm run demo`: loads the demo dataset (local/demo/data.ts) into the running
 * local stack, through its API wherever there is one, so the real handlers,
 * triggers and the upload ingest run. Idempotent: a second run creates nothing
 * and says so. Refuses any stack but a local one (local/demo/target.ts).
 */
import { DemoApi } from './api.js';
import { EXPECTED_IDS, type DemoKey } from './data.js';
import { ensureDatabaseRows } from './database.js';
import { loadAudience } from './steps/audience.js';
import { loadContent } from './steps/content.js';
import { loadLibrary } from './steps/library.js';
import { loadMkt } from './steps/mkt.js';
import { loadPlanning } from './steps/planning.js';
import { loadSocial } from './steps/social.js';
import { DemoRefused, findDemoTarget } from './target.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const target = await findDemoTarget();
  log(`Demo data for the local stack at ${target.api} (${target.dataDir})`);
  const rows = await ensureDatabaseRows(target.databaseUrl);
  log(`  database (no API): ${rows.inserted} properties, contacts and reservations inserted, ${rows.present} already there`);
  const api = await DemoApi.connect(target);
  // The order fixes the business IDs a fresh database gives (data.ts EXPECTED_IDS).
  const content = await loadContent(api);
  const library = await loadLibrary(api);
  const planning = await loadPlanning(api);
  const audience = await loadAudience(api);
  const social = await loadSocial(api, audience.campaign);
  const mkt = await loadMkt(api);
  const ids: Record<DemoKey, string> = { ...content, ...library, ...planning, ...audience, ...social, ...mkt };

  for (const label of api.created) log(`  created ${label}`);
  for (const label of api.completed) log(`  completed ${label}`);
  if (api.created.length === 0 && api.completed.length === 0 && rows.inserted === 0) {
    log(`Nothing to do: all ${api.found.length} API records and ${rows.present} database rows of the demo are already there.`);
  } else {
    const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
    const completed = api.completed.length ? `, completed ${records(api.completed.length)}` : '';
    log(`Created ${records(api.created.length)} through the API${completed} (${api.found.length} were already there).`);
  }
  const moved = (Object.keys(EXPECTED_IDS) as DemoKey[]).filter((key) => ids[key] !== EXPECTED_IDS[key]);
  if (moved.length > 0) {
    log(
      `Note: this database held other rows first, so some demo IDs differ from the README's: ${moved.map((k) => `${EXPECTED_IDS[k]} is ${ids[k]}`).join(', ')}.` +
        ' For the README examples as written, start from an empty LOCAL_DATA_DIR.',
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run demo: ${(error as Error).message}\n`);
  process.exit(error instanceof DemoRefused ? 2 : 1);
});
