/**
 * A file's bytes, wherever they come from (a browser File, a Node file, a zip entry, a test buffer).
 * Ingest reads every input through this so the same parser runs in the worker, in Node tests and in the CLI.
 */
export interface ByteSource {
  /** Display name used in messages (e.g. "ratings.dat" or "ml-1m.zip/ml-1m/ratings.dat"). */
  name: string;
  /** Size in bytes (uncompressed size for zip entries when known, else compressed). */
  size: number;
  /** Reads bytes [start, end) — used to sniff formats. */
  slice(start: number, end: number): Promise<Uint8Array>;
  /** Streams the whole content in chunks of any size, in order. */
  stream(): AsyncIterable<Uint8Array>;
}

/** Wraps an in-memory buffer (tests, generated sample). */
export function bufferSource(name: string, bytes: Uint8Array, chunkSize = 1 << 20): ByteSource {
  return {
    name,
    size: bytes.length,
    slice: async (start, end) => bytes.subarray(start, Math.min(end, bytes.length)),
    async *stream() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, Math.min(i + chunkSize, bytes.length));
    },
  };
}

/**
 * Wraps a browser File / Blob, read in slices of chunkSize bytes so the whole file is never one string.
 * The stream keeps the next slice's read in flight while the consumer parses the current one: a
 * File's bytes come from the browser process, so reading overlaps parsing instead of adding to it.
 */
export function blobSource(blob: Blob, name: string, chunkSize = 4 << 20): ByteSource {
  const read = (start: number): Promise<ArrayBuffer> => {
    const p = blob.slice(start, Math.min(start + chunkSize, blob.size)).arrayBuffer();
    p.catch(() => {}); // a read abandoned by a consumer that stopped early must not surface as unhandled
    return p;
  };
  return {
    name,
    size: blob.size,
    slice: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    async *stream() {
      let next = blob.size > 0 ? read(0) : null;
      for (let i = 0; i < blob.size; i += chunkSize) {
        const bytes = new Uint8Array(await next!);
        next = i + chunkSize < blob.size ? read(i + chunkSize) : null;
        yield bytes;
      }
    },
  };
}
