import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from './config';
import { runConfigFromParamsKeeping, runConfigToParams } from './configParams';

describe('link parameters: a bad one is dropped alone', () => {
  it('epochs=abc is reported; lr, hidden and backend are kept and stay in the address', () => {
    const { config, dropped } = runConfigFromParamsKeeping(new URLSearchParams('epochs=abc&lr=0.01&hidden=20&backend=cpu'));
    expect(dropped).toEqual([{ key: 'epochs', value: 'abc', reason: 'must be a number, got "abc"' }]);
    expect(config.model.learningRate).toBe(0.01);
    expect(config.model.hidden).toEqual([20]);
    expect(config.model.activations).toEqual(['sigmoid', 'sigmoid']);
    expect(config.backend).toBe('cpu');
    expect(config.model.epochs).toBe(defaultRunConfig().model.epochs);
    expect(runConfigToParams(config).toString()).toBe('preset=seed&hidden=20&activations=sigmoid%2Csigmoid&lr=0.01&backend=cpu');
  });

  it('invalid values, unknown presets and unknown keys are dropped with their reason', () => {
    const { config, dropped } = runConfigFromParamsKeeping(
      new URLSearchParams('preset=nope&k=0&backend=tpu&foo=1&activations=relu,relu,relu,linear&hidden=8,4,8&dropout=0.2'),
    );
    expect(dropped.map((d) => d.key).sort()).toEqual(['backend', 'foo', 'k', 'preset']);
    expect(dropped.find((d) => d.key === 'k')!.reason).toMatch(/k must be an integer/);
    expect(dropped.find((d) => d.key === 'foo')!.reason).toBe('unknown parameter');
    expect(config.preset).toBe('seed');
    expect(config.model.hidden).toEqual([8, 4, 8]);
    expect(config.model.activations).toEqual(['relu', 'relu', 'relu', 'linear']);
    expect(config.model.dropout).toBe(0.2);
  });

  it('a good link round-trips with nothing dropped', () => {
    const c = defaultRunConfig('mult-dae');
    c.model.epochs = 7;
    c.split.validationRatio = 0.1;
    c.model.patience = 3;
    const { config, dropped } = runConfigFromParamsKeeping(runConfigToParams(c));
    expect(dropped).toEqual([]);
    expect(config).toEqual(c);
  });
});
