/**
 * Reads a zip archive through a ByteSource without loading or inflating it as one buffer: the central
 * directory (at the end of the archive) is read with slice() to list the entries, and each entry becomes
 * its own ByteSource whose stream() reads the compressed bytes in slices and inflates them with
 * fflate's streaming `Inflate`. Only the entries that are actually read get inflated.
 */
import { Inflate } from 'fflate';
import type { ByteSource } from './source';
import { InputError } from './types';

/** Compressed bytes read per slice while streaming an entry. */
const READ_CHUNK = 1 << 20;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function readEntries(zip: ByteSource): Promise<Entry[]> {
  const bad = (reason: string) => new InputError(zip.name, 0, reason);
  const tailStart = Math.max(0, zip.size - 22 - 0xffff);
  const tail = await zip.slice(tailStart, zip.size);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('damaged or truncated zip archive (no central directory found)');
  const count = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad('zip64 archives are not supported: extract the ratings file and drop it');
  const cd = await zip.slice(cdOffset, cdOffset + cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw bad('damaged zip archive (bad central directory)');
    const flags = u16(cd, p + 8);
    const nameLen = u16(cd, p + 28);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'windows-1252').decode(nameBytes);
    const e: Entry = {
      name,
      method: u16(cd, p + 10),
      compressedSize: u32(cd, p + 20),
      size: u32(cd, p + 24),
      localOffset: u32(cd, p + 42),
    };
    const skip = name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\.[^/]*$/.test(name) || flags & 1;
    if (!skip) entries.push(e);
    p += 46 + nameLen + u16(cd, p + 30) + u16(cd, p + 32);
  }
  return entries;
}

function entrySource(zip: ByteSource, e: Entry): ByteSource {
  const name = `${zip.name}/${e.name}`;
  let dataStart = -1;
  const start = async () => {
    if (dataStart < 0) {
      const h = await zip.slice(e.localOffset, e.localOffset + 30);
      if (h.length < 30 || u32(h, 0) !== 0x04034b50) throw new InputError(name, 0, 'damaged zip entry (bad local header)');
      dataStart = e.localOffset + 30 + u16(h, 26) + u16(h, 28);
    }
    return dataStart;
  };
  async function* stream(step = READ_CHUNK): AsyncGenerator<Uint8Array> {
    const from = await start();
    const end = from + e.compressedSize;
    if (e.method === 0) {
      for (let o = from; o < end; o += step) yield await zip.slice(o, Math.min(end, o + step));
      return;
    }
    if (e.method !== 8) throw new InputError(name, 0, `unsupported zip compression method ${e.method} (only stored and deflate)`);
    let out: Uint8Array[] = [];
    const inflate = new Inflate((data) => {
      out.push(data);
    });
    for (let o = from; o < end; o += step) {
      const chunk = await zip.slice(o, Math.min(end, o + step));
      try {
        inflate.push(chunk, o + step >= end);
      } catch (err) {
        throw new InputError(name, 0, `damaged zip entry (${(err as Error).message})`);
      }
      const ready = out;
      out = [];
      for (const d of ready) if (d.length) yield d;
    }
  }
  return {
    name,
    size: e.size,
    async slice(s, t) {
      t = Math.min(t, e.size);
      if (s >= t) return new Uint8Array(0);
      const parts: Uint8Array[] = [];
      let total = 0;
      for await (const d of stream(1 << 14)) {
        parts.push(d);
        total += d.length;
        if (total >= t) break;
      }
      return concat(parts, total).subarray(s, t);
    },
    stream: () => stream(),
  };
}

/**
 * Lists the files of a zip archive (directories, __MACOSX/ and hidden files skipped) as ByteSources named
 * "archive.zip/inner/path", sized by their uncompressed size. Throws InputError for a damaged archive.
 */
export async function zipEntries(zip: ByteSource): Promise<ByteSource[]> {
  return (await readEntries(zip)).map((e) => entrySource(zip, e));
}
