/**
 * The run configuration and the sample flag live in the page URL, so a link reproduces a run:
 * read once at start (runConfigFromParamsKeeping: a bad parameter is dropped alone and reported),
 * written back with history.replaceState on each change.
 */
import type { RunConfig } from '../engine/config';
import { runConfigFromParamsKeeping, runConfigToParams } from '../engine/configParams';

/** What the URL says at start. */
export interface UrlState {
  config: RunConfig;
  /** `?sample=1`: load the built-in sample on start. */
  sample: boolean;
  /** The parameters that were dropped and why, e.g. `epochs=abc (must be a number, got "abc")`; null when none. */
  error: string | null;
}

/** Reads the config and sample flag from a query string (default: the current page's). */
export function readUrlState(search: string = window.location.search): UrlState {
  const params = new URLSearchParams(search);
  const sample = params.get('sample') === '1' || params.get('sample') === 'true';
  params.delete('sample');
  const { config, dropped } = runConfigFromParamsKeeping(params);
  const error = dropped.length ? dropped.map((d) => `${d.key}=${d.value} (${d.reason})`).join('; ') : null;
  return { config, sample, error };
}

/** The query string for a config (+ sample flag). */
export function toSearch(config: RunConfig, sample: boolean): string {
  const p = runConfigToParams(config);
  if (sample) p.set('sample', '1');
  return `?${p.toString()}`;
}

/** Replaces the page URL's query (no history entry). */
export function writeUrlState(config: RunConfig, sample: boolean): void {
  const search = toSearch(config, sample);
  if (search !== window.location.search) {
    window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
  }
}
