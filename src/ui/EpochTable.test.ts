import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/engine';
import { EPOCH_PAGE, EpochTable } from './EpochTable';

const metrics = { precision: 0.1, recall: 0.2, ndcg: 0.3, hitRate: 0.4, coverage: 0.5, users: 9 };
const epochs: EpochReport[] = Array.from({ length: 1000 }, (_, k) => ({
  epoch: k + 1,
  loss: 1 / (k + 1),
  test: metrics,
  trainMs: 5,
  evalMs: 2,
}));

describe('EpochTable over 1,000 epochs', () => {
  it('renders only the newest page of rows, newest first', () => {
    const html = renderToStaticMarkup(createElement(EpochTable, { epochs, k: 10 }));
    const rows = [...html.matchAll(/<tr data-epoch="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rows.length).toBe(EPOCH_PAGE);
    expect(rows[0]).toBe(1000);
    expect(rows[rows.length - 1]).toBe(1000 - EPOCH_PAGE + 1);
    expect(html).toContain('1000 epochs; epochs 901–1000 shown');
  });

  it('renders every row when they fit one page', () => {
    const html = renderToStaticMarkup(createElement(EpochTable, { epochs: epochs.slice(0, 12), k: 10 }));
    expect([...html.matchAll(/<tr data-epoch=/g)].length).toBe(12);
    expect(html).not.toContain('epochs-older');
  });
});
