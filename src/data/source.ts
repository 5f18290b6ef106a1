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

/** Wraps a browser File / Blob, read in slices of chunkSize bytes so the whole file is never one string. */
export function blobSource(blob: Blob, name: string, chunkSize = 4 << 20): ByteSource {
  return {
    name,
    size: blob.size,
    slice: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    async *stream() {
      for (let i = 0; i < blob.size; i += chunkSize) {
        yield new Uint8Array(await blob.slice(i, Math.min(i + chunkSize, blob.size)).arrayBuffer());
      }
    },
  };
}
