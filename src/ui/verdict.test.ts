import { describe, expect, it } from 'vitest';
import { verdictSentence, type VerdictReference } from './verdict';

const popular: VerdictReference = { label: 'most-popular', precision: 0.16 };

describe('verdictSentence', () => {
  it('below the only reference: says so, and names a better stored run of another preset', () => {
    const s = verdictSentence({ k: 10, precision: 0.003 }, [popular, { label: 'mult-dae', precision: 0.281, kind: 'run' }]);
    expect(s).toBe('P@10 0.003 — below most-popular 0.160: this preset does not suit this data; mult-dae reaches 0.281.');
  });

  it('without a better figure, no last clause', () => {
    expect(verdictSentence({ k: 10, precision: 0.003 }, [popular])).toBe(
      'P@10 0.003 — below most-popular 0.160: this preset does not suit this data.',
    );
    // A stored run that is worse is not named.
    expect(verdictSentence({ k: 10, precision: 0.003 }, [popular, { label: 'seed', precision: 0.001, kind: 'run' }])).not.toContain('seed');
  });

  it('above the reference: the ratio', () => {
    expect(verdictSentence({ k: 10, precision: 0.325 }, [{ label: 'most-popular', precision: 0.175 }])).toBe(
      'P@10 0.325 — above most-popular 0.175 (1.9×).',
    );
  });

  it('above every one of several references names the strongest', () => {
    const s = verdictSentence({ k: 5, precision: 0.4 }, [
      popular,
      { label: 'EASE', precision: 0.307 },
      { label: 'item-kNN', precision: 0.279 },
    ]);
    expect(s).toBe('P@5 0.400 — above every reference, best EASE 0.307 (1.3×).');
  });

  it('between references: above the strongest one it beats, below the weakest one it does not', () => {
    const s = verdictSentence({ k: 10, precision: 0.2 }, [
      { label: 'EASE', precision: 0.307 },
      popular,
      { label: 'item-kNN', precision: 0.279 },
    ]);
    expect(s).toBe('P@10 0.200 — above most-popular 0.160 (1.3×) but below item-kNN 0.279.');
  });

  it('below several references names the weakest', () => {
    const s = verdictSentence({ k: 10, precision: 0.1 }, [{ label: 'EASE', precision: 0.307 }, popular]);
    expect(s).toBe('P@10 0.100 — below every reference, even most-popular 0.160: this preset does not suit this data.');
  });

  it('equal at three decimals is level, not above or below', () => {
    const s = verdictSentence({ k: 10, precision: 0.16012 }, [popular]);
    expect(s).toBe('P@10 0.160 — level with most-popular 0.160.');
    const t = verdictSentence({ k: 10, precision: 0.16012 }, [popular, { label: 'EASE', precision: 0.3 }]);
    expect(t).toBe('P@10 0.160 — level with most-popular 0.160 but below EASE 0.300.');
  });

  it('mentions a best epoch clearly above the last one, and how it was chosen', () => {
    const s = verdictSentence({ k: 10, precision: 0.2, lastEpoch: 30, best: { epoch: 12, precision: 0.25, chosenOn: 'validation' } }, [
      popular,
    ]);
    expect(s).toBe('P@10 0.200 (best 0.250 at epoch 12, chosen on validation) — above most-popular 0.160 (1.3×).');
    const last = verdictSentence({ k: 10, precision: 0.2, lastEpoch: 30, best: { epoch: 30, precision: 0.2, chosenOn: 'test' } }, [
      popular,
    ]);
    expect(last).not.toContain('best');
  });

  it('ignores non-finite references; says when there is nothing to compare with', () => {
    expect(verdictSentence({ k: 10, precision: 0.2 }, [{ label: 'EASE', precision: Number.NaN }])).toBe(
      'P@10 0.200 — no reference figures to compare with.',
    );
    expect(verdictSentence({ k: 10, precision: Number.NaN }, [popular])).toBe('No P@10 yet: no epoch finished.');
  });
});
