import { describe, expect, it } from 'vitest';
import { buildCatalog, lookupMovie, parseMovies } from './movies';
import { sniffSource, type MoviesLayout } from './sniff';
import { bufferSource } from './source';

const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

async function parse(name: string, bytes: Uint8Array, chunk?: number) {
  const source = bufferSource(name, bytes, chunk);
  const kind = await sniffSource(source);
  expect(kind.role).toBe('movies');
  return parseMovies(source, kind as MoviesLayout);
}

describe('movie files', () => {
  it('movies.dat in Latin-1 (ML-1M), any chunk size', async () => {
    const bytes = latin1(
      "3::Grumpier Old Men (1995)::Comedy|Romance\n1::Café au lait (1993)::Comedy\r\n2::Jumanji (1995)::Adventure|Children's|Fantasy\n\n",
    );
    for (const chunk of [1, 3, 1000]) {
      const c = await parse('movies.dat', bytes, chunk);
      expect(Array.from(c.ids)).toEqual([1, 2, 3]);
      expect(c.titles).toEqual(['Café au lait (1993)', 'Jumanji (1995)', 'Grumpier Old Men (1995)']);
      expect(c.genres).toEqual(['Comedy', "Adventure|Children's|Fantasy", 'Comedy|Romance']);
      expect(c.fileName).toBe('movies.dat');
    }
  });

  it('movies.dat in UTF-8 (ML-10M) is recognised as UTF-8, also split mid-character', async () => {
    const bytes = enc('1::Amélie (2001)::Comedy|Romance\n2::Café (1995)::Drama\n');
    for (const chunk of [1, 2, 5]) {
      const c = await parse('movies.dat', bytes, chunk);
      expect(c.titles).toEqual(['Amélie (2001)', 'Café (1995)']);
    }
  });

  it('u.item (ML-100K): Latin-1, pipes, 19 genre flags', async () => {
    const f = (on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? 1 : 0)).join('|');
    const bytes = latin1(
      `1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|${f([3, 4, 5])}\n267|unknown||||${f([0])}\n1536|Aiqing wansui (1994)|22-Jul-1996||http://x|${f([8])}\n1600|Café (1996)|01-Jan-1996||http://y|${f([])}\n`,
    );
    const c = await parse('u.item', bytes, 7);
    expect(Array.from(c.ids)).toEqual([1, 267, 1536, 1600]);
    expect(c.titles).toEqual(['Toy Story (1995)', 'unknown', 'Aiqing wansui (1994)', 'Café (1996)']);
    expect(c.genres).toEqual(["Animation|Children's|Comedy", 'unknown', 'Drama', '']);
  });

  it('movies.csv: UTF-8, quoted titles with commas and quotes, split mid-character', async () => {
    const text =
      'movieId,title,genres\r\n11,"American President, The (1995)",Comedy|Drama|Romance\r\n' +
      '5,"""Great Performances"" Cats (1998)",Musical\r\n4973,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",Comedy|Romance\r\n' +
      '208,Waterworld (1995),(no genres listed)\r\n';
    for (const chunk of [1, 4, 9, 4096]) {
      const c = await parse('movies.csv', enc(text), chunk);
      expect(Array.from(c.ids)).toEqual([5, 11, 208, 4973]);
      expect(c.titles).toEqual([
        '"Great Performances" Cats (1998)',
        'American President, The (1995)',
        'Waterworld (1995)',
        "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
      ]);
      expect(c.genres[2]).toBe('(no genres listed)');
    }
  });
});

describe('lookupMovie', () => {
  it('finds ids by binary search and returns null for unknown ids', () => {
    const c = buildCatalog([30, 10, 20, 10], ['c', 'a', 'b', 'dup'], ['C', 'A', 'B', 'X'], 'm');
    expect(Array.from(c.ids)).toEqual([10, 20, 30]);
    expect(lookupMovie(c, 10)).toEqual({ title: 'a', genres: 'A' });
    expect(lookupMovie(c, 20)).toEqual({ title: 'b', genres: 'B' });
    expect(lookupMovie(c, 30)).toEqual({ title: 'c', genres: 'C' });
    for (const id of [0, 15, 31, -5]) expect(lookupMovie(c, id)).toBeNull();
    expect(lookupMovie(buildCatalog([], [], [], 'e'), 1)).toBeNull();
  });
});
