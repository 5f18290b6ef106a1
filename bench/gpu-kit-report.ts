/**
 * Part of the GPU kit (bench/gpu-kit.sh): turns the engine child's `@@result` line into the gpu-seed
 * JSON line that `npm run bench -- --only gpu-seed` prints, on a machine without npm.
 *
 *   node report.mjs RESULT_FILE DATA_FILE SIZE LOAD_AVG_BEFORE
 */
import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { DataSize } from './data';
import { gpuSeedRecord, RESULT_PREFIX, type EngineResult } from './node';
import { formatLine, round } from './stats';

const [resultFile, dataFile, size, load0] = process.argv.slice(2);
if (!resultFile || !dataFile || !size) {
  process.stderr.write('usage: report.mjs RESULT_FILE DATA_FILE SIZE [LOAD_AVG_BEFORE]\n');
  process.exit(2);
}
const line = readFileSync(resultFile, 'utf8')
  .split('\n')
  .find((l) => l.startsWith(RESULT_PREFIX));
if (!line) {
  process.stderr.write(`report: no ${RESULT_PREFIX.trim()} line in ${resultFile}\n`);
  process.exit(1);
}
const r = JSON.parse(line.slice(RESULT_PREFIX.length)) as EngineResult;
const data = {
  size: size as DataSize,
  path: dataFile,
  bytes: statSync(dataFile).size,
  users: r.users,
  items: r.items,
  ratings: r.ratings,
  format: 'dat' as const,
};
const rec = gpuSeedRecord(r, { cores: cpus().length, data, loadAvg: [Number(load0 ?? NaN), round(loadavg()[0], 2)] });
process.stdout.write(`${formatLine({ ...rec, runtime: 'node (GPU kit)' })}\n`);
