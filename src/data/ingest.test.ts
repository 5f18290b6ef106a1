import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingestSources, type IngestProgress, type IngestResult } from './ingest';
import { Rng } from './rng';
import { sampleRatingsText } from './sample';
import { bufferSource } from './source';
import { csrRows } from './split';

const enc = (s: string) => new TextEncoder().encode(s);
const src = (name: string, text: string | Uint8Array, chunk?: number) =>
  bufferSource(name, typeof text === 'string' ? enc(text) : text, chunk);
const rows = (r: IngestResult) => [...csrRows(r.dataset.ratings, r.dataset)];
const ts = (r: IngestResult) => Array.from(r.dataset.timestamps);

const DAT = '1::10::5::978300760\n1::20::3::978302109\n2::10::4::978301968\n3::30::1::978300275\n3::10::2::978824291\n';
const EXPECTED = [
  [1, 10, 5],
  [1, 20, 3],
  [2, 10, 4],
  [3, 10, 2],
  [3, 30, 1],
];

describe('ratings formats', () => {
  it('reads ML-1M ratings.dat', async () => {
    const r = await ingestSources([src('ratings.dat', DAT)]);
    expect(rows(r)).toEqual(EXPECTED);
    expect(Array.from(r.dataset.userIds)).toEqual([1, 2, 3]);
    expect(Array.from(r.dataset.itemIds)).toEqual([10, 20, 30]);
    expect(ts(r)).toEqual([978300760, 978302109, 978301968, 978824291, 978300275]);
    expect(r.report).toMatchObject({ fileName: 'ratings.dat', format: 'dat', lines: 5, duplicatesDropped: 0 });
    expect(r.stats).toMatchObject({ users: 3, items: 3, ratings: 5, ratingMin: 1, ratingMax: 5, singleRatingUsers: 1 });
    expect(r.movies).toBeNull();
  });

  it('reads ML-100K u.data (tab, 4 columns) and the tutorial TSV (tab, 3 columns)', async () => {
    const tab4 = DAT.replace(/::/g, '\t');
    const r4 = await ingestSources([src('u.data', tab4)]);
    expect(r4.report.format).toBe('tsv');
    expect(rows(r4)).toEqual(EXPECTED);
    expect(ts(r4)[0]).toBe(978300760);
    const tab3 = tab4.replace(/\t\d+\n/g, '\n');
    const r3 = await ingestSources([src('train.tsv', tab3)]);
    expect(rows(r3)).toEqual(EXPECTED);
    expect(ts(r3)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reads ratings.csv with header and half stars, and without the timestamp column', async () => {
    const csv = 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n6,1,0.5,845553522\n';
    const r = await ingestSources([src('ratings.csv', csv)]);
    expect(r.report).toMatchObject({ format: 'csv', lines: 3 });
    expect(rows(r)).toEqual([
      [1, 1, 4],
      [1, 3, 4.5],
      [6, 1, 0.5],
    ]);
    const r3 = await ingestSources([src('ratings.csv', 'userId,movieId,rating\n1,1,4.0\n1,3,4.5\n')]);
    expect(rows(r3)).toEqual([
      [1, 1, 4],
      [1, 3, 4.5],
    ]);
    const noHeader = await ingestSources([src('r.csv', '1,1,4.0,1\n1,3,4.5,2\n')]);
    expect(rows(noHeader)).toEqual([
      [1, 1, 4],
      [1, 3, 4.5],
    ]);
  });

  it('accepts quoted csv fields, CRLF, a UTF-8 BOM, blank and trailing blank lines', async () => {
    const text = '\uFEFFuserId,movieId,rating,timestamp\r\n1,"10",5,1\r\n\r\n 1 , 20 , 3 , 2 \r\n2,10,4,3\r\n\r\n\r\n';
    const r = await ingestSources([src('ratings.csv', text)]);
    expect(rows(r)).toEqual([
      [1, 10, 5],
      [1, 20, 3],
      [2, 10, 4],
    ]);
    expect(r.report.lines).toBe(3);
    const dat = await ingestSources([src('ratings.dat', `\uFEFF${DAT.replace(/\n/g, '\r\n')}\r\n\n`)]);
    expect(rows(dat)).toEqual(EXPECTED);
  });

  it('gives identical results for every chunk size (lines and the BOM split across chunks)', async () => {
    const text = '\uFEFFuserId,movieId,rating,timestamp\r\n1,10,5,1\r\n1,20,3.5,2\n2,10,4,3\r\n\n3,7,1,4';
    const ref = rows(await ingestSources([src('ratings.csv', text)]));
    for (const chunk of [1, 2, 3, 5, 7, 11, 13]) {
      const r = await ingestSources([src('ratings.csv', text, chunk)]);
      expect(rows(r)).toEqual(ref);
      expect(r.report.lines).toBe(4);
    }
  });

  it('parses generated data identically for random chunk sizes, in dat, tsv and csv', async () => {
    const text = [...sampleRatingsText({ users: 30, items: 50, ratings: 900, seed: 3 }, 'dat')].join('');
    const variants = [
      text,
      text.replace(/::/g, '\t'),
      `userId,movieId,rating,timestamp\r\n${text.replace(/::/g, ',').replace(/\n/g, '\r\n')}`,
    ];
    const rng = new Rng(5);
    const ref = await ingestSources([src('ratings.dat', text)]);
    for (const v of variants) {
      for (let rep = 0; rep < 4; rep++) {
        const r = await ingestSources([src('r', v, 1 + rng.int(300))]);
        expect(r.dataset).toEqual(ref.dataset);
        expect(r.report.lines).toBe(900);
      }
    }
  });

  it('detects the ratings and movies files from content, whatever their names and order', async () => {
    const movies = '10::Toy Story (1995)::Animation|Comedy\n20::Heat (1995)::Action\n30::Casino (1995)::Drama\n';
    const r = await ingestSources([src('a.txt', movies), src('b.txt', DAT)]);
    expect(r.report.fileName).toBe('b.txt');
    expect(r.movies?.fileName).toBe('a.txt');
    expect(r.movies?.titles).toEqual(['Toy Story (1995)', 'Heat (1995)', 'Casino (1995)']);
  });
});

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('GroupLens zips', () => {
  it('ml-1m.zip: ratings.dat + movies.dat (Latin-1) + users.dat', async () => {
    const zip = zipSync({
      'ml-1m/movies.dat': latin1('10::Café Society (1995)::Drama\n20::Heat (1995)::Action|Crime\n'),
      'ml-1m/ratings.dat': enc(DAT),
      'ml-1m/users.dat': enc('1::F::1::10::48067\n2::M::56::16::70072\n'),
      'ml-1m/README': enc('SUMMARY\n================\nThese files contain 1,000,209 ratings.\n'),
    });
    const r = await ingestSources([src('ml-1m.zip', zip, 64)]);
    expect(r.report.fileName).toBe('ml-1m.zip/ml-1m/ratings.dat');
    expect(rows(r)).toEqual(EXPECTED);
    expect(r.movies?.fileName).toBe('ml-1m.zip/ml-1m/movies.dat');
    expect(r.movies?.titles[0]).toBe('Café Society (1995)');
    expect(r.warnings.join(' ')).toMatch(/1 of 3 rated items have no title/);
  });

  it('ml-100k.zip: picks u.data over u1.base/ua.test, and u.item', async () => {
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');
    const zip = zipSync({
      'ml-100k/README': enc('MovieLens data sets\n'),
      'ml-100k/u.data': enc(DAT.replace(/::/g, '\t')),
      'ml-100k/u.genre': enc('unknown|0\nAction|1\n'),
      'ml-100k/u.info': enc('943 users\n1682 items\n100000 ratings\n'),
      'ml-100k/u.item': latin1(
        `10|Café (1995)|01-Jan-1995||http://x|${flags([3, 5])}\n20|Heat (1995)|01-Jan-1995||http://y|${flags([1])}\n`,
      ),
      'ml-100k/u.user': enc('1|24|M|technician|85711\n'),
      'ml-100k/u1.base': enc('1\t10\t5\t978300760\n1\t20\t3\t978302109\n1\t30\t3\t978302109\n1\t40\t3\t978302109\n'),
      'ml-100k/u1.test': enc('2\t10\t4\t978301968\n'),
      'ml-100k/ua.base': enc('1\t10\t5\t978300760\n1\t20\t3\t978302109\n1\t30\t3\t978302109\n1\t40\t3\t978302109\n'),
    });
    const r = await ingestSources([src('ml-100k.zip', zip)]);
    expect(r.report.fileName).toBe('ml-100k.zip/ml-100k/u.data');
    expect(r.report.format).toBe('tsv');
    expect(rows(r)).toEqual(EXPECTED);
    expect(r.movies?.genres[0]).toBe('Animation|Comedy');
    expect(r.movies?.titles[0]).toBe('Café (1995)');
    expect(r.warnings.join(' ')).not.toMatch(/Several ratings/);
  });

  it('ml-latest-small.zip: ratings.csv + movies.csv + tags.csv + links.csv (stored and deflated entries)', async () => {
    const zip = zipSync(
      {
        'ml-latest-small/links.csv': enc('movieId,imdbId,tmdbId\n1,0114709,862\n'),
        'ml-latest-small/movies.csv': [
          enc('movieId,title,genres\n1,"American President, The (1995)",Comedy|Drama|Romance\n3,Amélie (2001),Comedy\n'),
          { level: 0 },
        ],
        'ml-latest-small/ratings.csv': enc('userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n'),
        'ml-latest-small/tags.csv': enc('userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n'),
      },
      { level: 9 },
    );
    const r = await ingestSources([src('ml-latest-small.zip', zip, 100)]);
    expect(r.warnings).toEqual([]);
    expect(r.report).toMatchObject({ fileName: 'ml-latest-small.zip/ml-latest-small/ratings.csv', format: 'csv' });
    expect(rows(r)).toEqual([
      [1, 1, 4],
      [1, 3, 4.5],
    ]);
    expect(r.movies?.titles).toEqual(['American President, The (1995)', 'Amélie (2001)']);
  });
});

describe('zips by content', () => {
  it('finds oddly named ratings and movies files inside a zip, next to other dropped files', async () => {
    const zip = zipSync({
      'export/a.txt': enc('1::Toy Story (1995)::Comedy\n'),
      'export/b.txt': enc(DAT),
      'export/notes.md': enc('# notes\n'),
    });
    const r = await ingestSources([src('readme.txt', 'just words\n'), src('export.zip', zip)]);
    expect(r.report.fileName).toBe('export.zip/export/b.txt');
    expect(r.movies?.fileName).toBe('export.zip/export/a.txt');
    expect(r.warnings.join(' ')).toMatch(/Ignored readme\.txt/);
  });
});

describe('duplicates, single-rating users, progress, abort', () => {
  it('keeps the latest duplicate by timestamp (ties: the later line) and counts them', async () => {
    const r = await ingestSources([src('r.dat', '1::10::3::100\n1::10::5::200\n1::10::4::150\n2::10::1::5\n2::10::2::5\n2::11::2::5\n')]);
    expect(rows(r)).toEqual([
      [1, 10, 5],
      [2, 10, 2],
      [2, 11, 2],
    ]);
    expect(ts(r)).toEqual([200, 5, 5]);
    expect(r.report.duplicatesDropped).toBe(3);
    expect(r.warnings.join(' ')).toMatch(/3 duplicate/);
  });

  it('reports single-rating users', async () => {
    const r = await ingestSources([src('r.dat', '1::1::3::1\n1::2::3::1\n2::1::4::1\n3::2::5::1\n')]);
    expect(r.stats.singleRatingUsers).toBe(2);
    expect(r.warnings.join(' ')).toMatch(/2 users have a single rating/);
  });

  it('emits monotonic progress ending at the total over all parsed files', async () => {
    const movies = '10::Toy Story (1995)::Animation\n';
    const events: IngestProgress[] = [];
    await ingestSources([src('ratings.dat', DAT, 7), src('movies.dat', movies, 5)], { onProgress: (p) => events.push(p) });
    const total = enc(DAT).length + enc(movies).length;
    expect(events.length).toBeGreaterThan(5);
    for (let k = 1; k < events.length; k++) expect(events[k].bytesDone).toBeGreaterThanOrEqual(events[k - 1].bytesDone);
    expect(events.every((e) => e.bytesTotal === total)).toBe(true);
    expect(events[events.length - 1]).toEqual({ fileName: 'movies.dat', bytesDone: total, bytesTotal: total });
    expect(events[0].fileName).toBe('ratings.dat');
  });

  it('throws an AbortError when aborted before or during the parse', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(ingestSources([src('r.dat', DAT)], { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const ac2 = new AbortController();
    const p = ingestSources([src('r.dat', DAT, 8)], { signal: ac2.signal, onProgress: () => ac2.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
