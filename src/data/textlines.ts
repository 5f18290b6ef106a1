/**
 * Streams a ByteSource as blocks of complete text lines: bytes are decoded chunk by chunk with a
 * streaming TextDecoder, and the partial last line is carried over to the next chunk, so the whole
 * file is never one string. Checks an AbortSignal between chunks and enforces a maximum line length.
 */
import type { ByteSource } from './source';
import { InputError } from './types';

/** Longest accepted line, in UTF-16 code units (≈ bytes for the ASCII MovieLens files): 1 MiB. */
export const MAX_LINE = 1 << 20;

/** A run of complete lines. */
export interface TextBlock {
  /** Complete lines, each ending with '\n' (the very last line of the file may lack it). */
  text: string;
  /** 1-based line number of the first line in `text`. */
  firstLine: number;
}

/** Options of textBlocks. */
export interface TextStreamOptions {
  /** TextDecoder label: 'utf-8' or 'windows-1252' (Latin-1). */
  encoding: string;
  /** Throw InputError on invalid bytes (UTF-8 only). */
  fatal?: boolean;
  signal?: AbortSignal;
  /** Called after each chunk's lines were consumed, with that chunk's byte length. */
  onBytes?: (bytes: number) => void;
  /** Override of MAX_LINE (tests). */
  maxLine?: number;
}

/** The error thrown when an operation is aborted: a DOMException named 'AbortError'. */
export function abortError(): Error {
  if (typeof DOMException === 'function') return new DOMException('Ingest aborted', 'AbortError');
  const e = new Error('Ingest aborted');
  e.name = 'AbortError';
  return e;
}

/** Throws abortError() when the signal is aborted. */
export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

function countLines(s: string): number {
  let c = 0;
  let i = s.indexOf('\n');
  while (i >= 0) {
    c++;
    i = s.indexOf('\n', i + 1);
  }
  return c;
}

function tooLong(source: ByteSource, line: number, max: number): InputError {
  const mb = max >= 1 << 20 ? `${max / (1 << 20)} MB` : `${max} characters`;
  return new InputError(source.name, line, `line is longer than ${mb}: not a ratings or movies text file`);
}

/**
 * Yields blocks of complete lines of `source`. Lines are not split across blocks.
 * Throws InputError for invalid text (when fatal) or a line longer than the limit, and
 * AbortError when `signal` is aborted between chunks.
 */
export async function* textBlocks(source: ByteSource, opts: TextStreamOptions): AsyncGenerator<TextBlock> {
  const decoder = new TextDecoder(opts.encoding, { fatal: opts.fatal ?? false });
  const max = opts.maxLine ?? MAX_LINE;
  let carry = '';
  let line = 1;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new InputError(source.name, line, 'not valid UTF-8 text (is it a binary file?)');
    }
  };
  checkAbort(opts.signal);
  for await (const chunk of source.stream()) {
    checkAbort(opts.signal);
    const s = carry + decode(chunk);
    const cut = s.lastIndexOf('\n');
    if (cut < 0) {
      carry = s;
      if (carry.length > max) throw tooLong(source, line, max);
    } else {
      carry = s.slice(cut + 1);
      const text = s.slice(0, cut + 1);
      const firstLine = line;
      line += countLines(text);
      if (carry.length > max) throw tooLong(source, line, max);
      yield { text, firstLine };
    }
    opts.onBytes?.(chunk.length);
  }
  checkAbort(opts.signal);
  carry += decode();
  if (carry.length > max) throw tooLong(source, line, max);
  if (carry.length > 0) yield { text: carry, firstLine: line };
}
