/** Issue #13 in the CLI: the app's messages for absurd ratings, an oversized model and useless data. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from './main';

async function run(argv: string[]) {
  const err: string[] = [];
  const io: CliIo = { out: () => undefined, err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, stderr: err.join('\n') };
}

let dir: string;
/** 60 users × 1,700 items, each item rated once. */
let wide: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-robust-'));
  let s = '';
  for (let i = 1; i <= 1700; i++) s += `${1 + (i % 60)}::${i}::${1 + (i % 5)}::978300760\n`;
  wide = join(dir, 'wide.dat');
  await writeFile(wide, s);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cli: nothing absurd', () => {
  it('a rating float32 cannot hold: exit 1 with file, line and reason', async () => {
    const f = join(dir, 'big.dat');
    await writeFile(f, '1::10::5::978300760\n1::11::3::978300760\n1::12::1e39::978300760\n');
    const r = await run(['train', f, '--backend', 'cpu', '--out', join(dir, 'o1')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('big.dat, line 3: rating 1e39 is outside the float32 range');
  });

  it('a model that cannot fit the budget is refused, saying what fits', async () => {
    const r = await run(['train', wide, '--backend', 'cpu', '--hidden', '100000', '--out', join(dir, 'o2')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /hidden 100000 needs 2\.7 GB of parameters and optimiser state for 1,700 items .*at most [\d,]+ units per hidden layer fit/,
    );
  });

  it('an edlae model too large for the data stops with the limit before any output', async () => {
    // 12,001 users × 12,001 items, user u rating item u and item u+1 (so every user keeps a training rating).
    let t = '';
    for (let u = 1; u <= 12001; u++) t += `${u}::${u}::4::978300760\n${u}::${(u % 12001) + 1}::3::978300761\n`;
    const f = join(dir, 'square.dat');
    await writeFile(f, t);
    const out = join(dir, 'o4');
    const r = await run(['train', f, '--backend', 'cpu', '--preset', 'edlae', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the linear model solves a dense 12,001 × 12,001 system on this data .*at most 12,000 items or users fit/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('a dataset with one item is refused before training', async () => {
    const f = join(dir, 'one.dat');
    await writeFile(f, '1::5::4::1\n2::5::3::1\n3::5::1::1\n');
    const r = await run(['train', f, '--backend', 'cpu', '--out', join(dir, 'o3')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/one\.dat: only 1 item: there is nothing to recommend/);
  });
});
