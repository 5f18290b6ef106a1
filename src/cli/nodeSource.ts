/**
 * Node ByteSources: a file on disk read through `fs` (slices with `fs.promises.open` + `read`, the whole
 * file streamed with `fs.createReadStream`), so the CLI feeds the very same ingest code as the browser.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ByteSource } from '../data/source';
import { InputError } from '../data/types';

/** Bytes per chunk when streaming a file. */
const STREAM_CHUNK = 4 << 20;

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Wraps one file. `name` (default: the path's base name) is what messages show.
 * The size is taken when the source is made; a missing or unreadable file throws an InputError.
 */
export async function nodeFileSource(path: string, name = basename(path)): Promise<ByteSource> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: st.isDirectory() ? 'EISDIR' : undefined });
    size = st.size;
  } catch (e) {
    throw new InputError(path, 0, reason(e));
  }
  return {
    name,
    size,
    async slice(start: number, end: number): Promise<Uint8Array> {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      const buf = new Uint8Array(to - from);
      if (buf.length === 0) return buf;
      const fh = await open(path, 'r');
      try {
        let done = 0;
        while (done < buf.length) {
          const { bytesRead } = await fh.read(buf, done, buf.length - done, from + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === buf.length ? buf : buf.subarray(0, done);
      } finally {
        await fh.close();
      }
    },
    async *stream(): AsyncIterable<Uint8Array> {
      for await (const chunk of createReadStream(path, { highWaterMark: STREAM_CHUNK })) {
        const b = chunk as Buffer;
        yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      }
    },
  };
}

/**
 * Sources for a command-line path: a file gives itself; a directory (e.g. an unpacked ml-1m folder)
 * gives its regular files (not recursive, hidden files skipped), sorted by name.
 */
export async function nodeSources(path: string): Promise<ByteSource[]> {
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    throw new InputError(path, 0, reason(e));
  }
  if (!isDir) return [await nodeFileSource(path)];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (names.length === 0) throw new InputError(path, 0, 'the directory holds no files');
  return Promise.all(names.map((n) => nodeFileSource(join(path, n), `${basename(path)}/${n}`)));
}
