/**
 * npm run config-schema
 * Regenerates docs/config.schema.json from the zod station config schema
 * (shared/config/config-json-schema.ts). Run it after changing the config
 * schema; test/shared/config/config-json-schema.test.ts fails until you do.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stationConfigJsonSchemaText } from '../shared/config/config-json-schema';

const out = resolve(__dirname, '../docs/config.schema.json');
writeFileSync(out, stationConfigJsonSchemaText());
process.stdout.write(`config-schema: wrote ${out}\n`);
