import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingestSources } from './ingest';
import { bufferSource, type ByteSource } from './source';
import { InputError } from './types';

const enc = (s: string) => new TextEncoder().encode(s);
const src = (name: string, text: string | Uint8Array, chunk?: number) =>
  bufferSource(name, typeof text === 'string' ? enc(text) : text, chunk);

/** Ingests and returns the InputError it must throw. */
async function fail(sources: ByteSource[]): Promise<InputError> {
  try {
    await ingestSources(sources);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

/** Asserts file name, line and reason, in the fields and in the message. */
async function expectError(sources: ByteSource[], fileName: string, line: number, reason: RegExp) {
  const e = await fail(sources);
  expect(e.fileName).toBe(fileName);
  expect(e.line).toBe(line);
  expect(e.reason).toMatch(reason);
  expect(e.message).toContain(fileName);
  if (line > 0) expect(e.message).toContain(`line ${line}`);
  return e;
}

describe('bad input', () => {
  it('empty file, or only blank lines, or a header without data', async () => {
    await expectError([src('ratings.dat', '')], 'ratings.dat', 0, /empty/);
    await expectError([src('ratings.dat', '\n\n  \n')], 'ratings.dat', 0, /empty/);
    await expectError([src('ratings.csv', 'userId,movieId,rating,timestamp\n')], 'ratings.csv', 0, /no ratings/);
  });

  it('binary file', async () => {
    const bin = new Uint8Array(4096).map((_, k) => (k * 7919) % 256);
    await expectError([src('photo.jpg', bin)], 'photo.jpg', 0, /binary/);
    await expectError([src('x.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]))], 'x.gz', 0, /gzip/);
  });

  it('binary data after a valid start (beyond the sniffed head: caught while streaming)', async () => {
    await expectError([src('ratings.dat', new Uint8Array([...enc('1::1::5::1\n'), 0, 0, 1, 2, 10]))], 'ratings.dat', 0, /binary/);
    const head = '1::1::5::1\n'.repeat(7000);
    const bytes = new Uint8Array([...enc(head), 0, 0, 1, 2, 10]);
    await expectError([src('ratings.dat', bytes, 4096)], 'ratings.dat', 7001, /binary data/);
  });

  it('invalid UTF-8 in a ratings line', async () => {
    const bytes = new Uint8Array([...enc('1::1::5::1\n1::2::'), 0xff, 0xfe, ...enc('::1\n')]);
    await expectError([src('ratings.dat', bytes)], 'ratings.dat', 2, /UTF-8/);
  });

  it('unknown delimiter', async () => {
    await expectError([src('ratings.txt', '1;2;3;4\n1;3;4;5\n')], 'ratings.txt', 1, /unknown delimiter.*";"/);
    await expectError([src('notes.txt', '\nhello world\n')], 'notes.txt', 2, /unknown delimiter/);
  });

  it('wrong column count, with the line number', async () => {
    await expectError(
      [src('ratings.dat', '1::1::5::1\n1::2::4::2\n1::3::4\n')],
      'ratings.dat',
      3,
      /expected 4 "::"-separated columns.*found 3/,
    );
    await expectError([src('u.data', '1\t1\t5\t1\n1\t2\t4\t2\t9\n')], 'u.data', 2, /expected 4 tab-separated columns.*found 5/);
    await expectError([src('r.csv', 'userId,movieId,rating,timestamp\n1,1,5,1\n\n1,2\n')], 'r.csv', 4, /expected 4 ","-separated.*found 2/);
    await expectError([src('r.tsv', '1\t2\n')], 'r.tsv', 1, /expected 3 or 4 tab-separated columns.*found 2/);
  });

  it('non-integer ids', async () => {
    await expectError([src('ratings.dat', '1::1::5::1\nabc::2::4::2\n')], 'ratings.dat', 2, /user id "abc" is not an integer/);
    await expectError([src('ratings.csv', 'userId,movieId,rating\n1,1,5\n1,2.5,4\n')], 'ratings.csv', 3, /item id "2.5" is not an integer/);
    await expectError([src('ratings.dat', '1::1::5::1\n99999999999::2::4::2\n')], 'ratings.dat', 2, /out of range/);
  });

  it('rating or timestamp not a finite number', async () => {
    await expectError([src('ratings.dat', '1::1::5::1\n1::2::four::2\n')], 'ratings.dat', 2, /rating "four" is not a finite number/);
    await expectError([src('r.csv', '1,1,5\n1,2,Infinity\n')], 'r.csv', 2, /rating "Infinity"/);
    await expectError([src('r.csv', '1,1,5\n1,2,\n')], 'r.csv', 2, /rating "" is not/);
    await expectError([src('ratings.dat', '1::1::5::x\n')], 'ratings.dat', 1, /timestamp "x"/);
  });

  it('a line longer than 1 MB (while streaming, without buffering forever)', async () => {
    const long = `1::2::3::${'4'.repeat(1.2 * (1 << 20))}\n`;
    await expectError([src('ratings.dat', `1::1::5::1\n${long}`, 1 << 16)], 'ratings.dat', 2, /longer than 1 MB/);
    await expectError([src('ratings.dat', `1::1::5::1\n${long.trim()}`, 1 << 16)], 'ratings.dat', 2, /longer than 1 MB/);
    await expectError([src('ratings.dat', `1::1::5::1\n${long}`, 4 << 20)], 'ratings.dat', 2, /longer than 1 MB/);
    await expectError([src('ratings.dat', '7'.repeat(1.5 * (1 << 20)))], 'ratings.dat', 1, /longer than 1 MB/);
  });

  it('a zip with no ratings file', async () => {
    const zip = zipSync({ 'ml-1m/README': enc('Read me\n'), 'ml-1m/users.dat': enc('1::F::1::10::48067\n') });
    const e = await expectError([src('ml-1m.zip', zip)], 'ml-1m.zip', 0, /no ratings file in the archive/);
    expect(e.reason).toMatch(/users\.dat/);
    await expectError([src('bad.zip', enc('PK\x03\x04 not really a zip'))], 'bad.zip', 0, /damaged|truncated/);
  });

  it('a movies file dropped without ratings', async () => {
    const movies = '1::Toy Story (1995)::Animation|Comedy\n';
    await expectError([src('movies.dat', movies)], 'movies.dat', 0, /contains movie titles, not ratings: drop a ratings file with it/);
    await expectError([src('movies.csv', 'movieId,title,genres\n1,Toy Story (1995),Comedy\n')], 'movies.csv', 0, /movie titles/);
  });

  it('other MovieLens tables and no files', async () => {
    await expectError([src('users.dat', '1::F::1::10::48067\n')], 'users.dat', 0, /users\.dat.*not ratings/);
    await expectError([src('tags.csv', 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n')], 'tags.csv', 0, /not ratings/);
    await expectError([], '(no file)', 0, /no files/);
  });

  it('ignores unusable extra files with a warning when a ratings file is present', async () => {
    const r = await ingestSources([src('notes.txt', 'hello\n'), src('ratings.dat', '1::1::5::1\n1::2::4::2\n')]);
    expect(r.warnings.join(' ')).toMatch(/Ignored notes\.txt: unknown delimiter/);
  });

  it('a bad movies file does not fail the ingest: titles are skipped with a warning', async () => {
    const r = await ingestSources([src('ratings.dat', '1::1::5::1\n1::2::4::2\n'), src('movies.dat', '1::A (1990)::Drama\nx::B::Drama\n')]);
    expect(r.movies).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/movies\.dat, line 2: movie id "x"/);
  });
});
