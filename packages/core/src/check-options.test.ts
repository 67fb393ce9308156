import { describe, expect, it } from 'vitest';
import { checkOptions, closestName, optionKeys } from './check-options.js';
import { ArgumentError } from './errors.js';

describe('checkOptions', () => {
  const known = ['batchSize', 'shuffle', 'backend'];

  it('accepts no options, an empty object and known keys', () => {
    expect(() => checkOptions('f', undefined, known)).not.toThrow();
    expect(() => checkOptions('f', {}, known)).not.toThrow();
    expect(() => checkOptions('f', { batchSize: 4, shuffle: undefined }, known)).not.toThrow();
  });

  it.each([
    ['batch_size', 'batchSize'],
    ['batchsize', 'batchSize'],
    ['shufle', 'shuffle'],
    ['device', 'backend'],
  ])('names %s as an unknown option and suggests %s', (key, meant) => {
    expect(() => checkOptions('DataLoader', { [key]: 4 }, known)).toThrow(
      new ArgumentError(`DataLoader: unknown option ${key}; did you mean ${meant}?`),
    );
  });

  it('lists the known keys when none is close, or says there are none', () => {
    expect(() => checkOptions('f', { workers: 2 }, known)).toThrow(
      'f: unknown option workers; expected one of batchSize, shuffle, backend.',
    );
    expect(() => checkOptions('g', { workers: 2 }, [])).toThrow('g: unknown option workers; it takes no options.');
    expect(() => checkOptions('g', 2, [])).toThrow('g: expected an options object {}, got 2; pass none.');
  });

  it.each([
    [4, '4'],
    ['fast', "'fast'"],
    [null, 'null'],
    [[1, 2], 'an array of length 2'],
    [true, 'true'],
  ])('rejects %j in place of the options', (value, shown) => {
    const e = (() => {
      try {
        checkOptions('f', value, known);
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(ArgumentError);
    expect((e as Error).message).toBe(
      `f: expected an options object { batchSize, shuffle, backend }, got ${shown}; pass options by name, e.g. { batchSize: ... }.`,
    );
  });
});

describe('closestName', () => {
  it('finds the camelCase, the alias, a near spelling or a shortening, and nothing for a far one', () => {
    expect(closestName('weight_decay', ['lr', 'weightDecay'])).toBe('weightDecay');
    expect(closestName('device', ['dtype', 'backend'])).toBe('backend');
    expect(closestName('momentun', ['lr', 'momentum'])).toBe('momentum');
    expect(closestName('alpah', ['alpha'])).toBe('alpha');
    expect(closestName('reduce', ['reduction'])).toBe('reduction');
    expect(closestName('prio', ['priority'])).toBe('priority');
    expect(closestName('num_epochs', ['epochs', 'lr'])).toBe('epochs');
    expect(closestName('nesterov', ['lr', 'momentum'])).toBeUndefined();
    expect(closestName('batchNormalization', ['batchSize'])).toBeUndefined();
  });
});

describe('optionKeys', () => {
  it('lists the keys it is given, in order', () => {
    interface Opts {
      a?: number;
      b: string;
    }
    expect(optionKeys<Opts>({ a: true, b: true })).toEqual(['a', 'b']);
  });
});
