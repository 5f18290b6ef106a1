/** Issue #13: messages for input that parses but would train into nonsense, or that hid its problem. */
import { describe, expect, it } from 'vitest';
import { ingestSources } from './ingest';
import { bufferSource } from './source';
import { splitDataset } from './split';
import { InputError } from './types';
import { unusableSplitReasons } from './usable';

const enc = (s: string) => new TextEncoder().encode(s);
const src = (name: string, text: string | Uint8Array) => bufferSource(name, typeof text === 'string' ? enc(text) : text);

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

/** `users` users rating items 1..per with 1–5 stars. */
function ratingsDat(users: number, per: number, extra = ''): string {
  let s = '';
  for (let u = 1; u <= users; u++) for (let i = 1; i <= per; i++) s += `${u}::${i}::${1 + ((u + i) % 5)}::978300760\n`;
  return s + extra;
}

describe('ratings outside float32 or dominating the scale', () => {
  it('rejects a finite rating float32 cannot hold, naming file and line', async () => {
    const e = await inputError(ingestSources([src('ratings.dat', '1::10::5::978300760\n1::11::3::978300760\n1::12::1e39::978300760\n')]));
    expect(e.fileName).toBe('ratings.dat');
    expect(e.line).toBe(3);
    expect(e.reason).toMatch(/1e39 is outside the float32 range/);
    const neg = await inputError(ingestSources([src('ratings.csv', 'userId,movieId,rating\n1,2,-4e38\n')]));
    expect(neg.line).toBe(2);
    expect(neg.reason).toMatch(/float32/);
  });

  it('accepts the largest float32 magnitude', async () => {
    const r = await ingestSources([src('ratings.dat', '1::1::3.4e38::1\n1::2::1::1\n')]);
    expect(r.stats.ratingMax).toBeCloseTo(3.4e38, -33);
  });

  it('warns, naming the line, when one rating dominates the scale', async () => {
    const r = await ingestSources([src('ratings.dat', ratingsDat(20, 10, '7::99::1e30::978300760\n'))]);
    const w = r.warnings.find((x) => x.includes('dominates'));
    expect(w).toMatch(/^ratings\.dat, line 201: rating 1e\+30 is over 1,000 × the 99th percentile/);
    const clean = await ingestSources([src('ratings.dat', ratingsDat(20, 10))]);
    expect(clean.warnings.some((x) => x.includes('dominates'))).toBe(false);
  });
});

describe('UTF-16 files', () => {
  const utf16le = (s: string, bom: boolean) => {
    const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
    if (bom) out.set([0xff, 0xfe]);
    for (let k = 0; k < s.length; k++) out[(bom ? 2 : 0) + 2 * k] = s.charCodeAt(k);
    return out;
  };
  it('are rejected as UTF-16 text, with or without a byte-order mark, not called binary', async () => {
    for (const bom of [true, false]) {
      const e = await inputError(ingestSources([src('ratings.dat', utf16le('1::1::5::1\n2::1::4::1\n', bom))]));
      expect(e.reason).toBe('UTF-16 text: save it as UTF-8');
    }
    const be = new Uint8Array([0xfe, 0xff, 0, 49, 0, 58, 0, 58, 0, 49]);
    expect((await inputError(ingestSources([src('ratings.dat', be)]))).reason).toMatch(/UTF-16/);
  });
});

describe('datasets with nothing to recommend or evaluate', () => {
  const reasons = async (text: string) => {
    const r = await ingestSources([src('ratings.dat', text)]);
    return unusableSplitReasons(splitDataset(r.dataset, { trainRatio: 0.8, seed: 42, validationRatio: 0 }));
  };
  it('one item', async () => {
    expect((await reasons('1::5::4::1\n2::5::3::1\n3::5::1::1\n')).join()).toMatch(/only 1 item: there is nothing to recommend/);
  });
  it('one rating', async () => {
    expect((await reasons('1::5::4::1\n')).join()).toMatch(/only 1 rating/);
  });
  it('no user with a held-out rating', async () => {
    expect((await reasons('1::1::4::1\n2::2::3::1\n3::3::5::1\n')).join()).toMatch(/no user has a held-out rating/);
  });
  it('a normal dataset has no reason', async () => {
    expect(await reasons(ratingsDat(10, 10))).toEqual([]);
  });
});

describe('movies lines that cannot be read', () => {
  it('an unbalanced quote is named with its line and spoils only its own title', async () => {
    const movies = [
      'movieId,title,genres',
      '1,Toy Story (1995),Comedy',
      '2,"Broken, title (1995),Drama',
      '3,"Heat, The (1995)",Crime',
      '4,Extra,field,Drama',
      '5,Fine (2000),Drama',
    ];
    const r = await ingestSources([src('ratings.dat', ratingsDat(5, 5)), src('movies.csv', `${movies.join('\n')}\n`)]);
    expect(r.movies?.titles).toEqual(['Toy Story (1995)', 'Heat, The (1995)', 'Fine (2000)']);
    expect(r.warnings).toContain(
      'movies.csv, line 3: unbalanced quotes (quote a title that has commas, and double its own quotes); its title is not loaded.',
    );
    expect(r.warnings).toContain('movies.csv, line 5: expected 3 comma-separated fields, found 4; its title is not loaded.');
  });
});
