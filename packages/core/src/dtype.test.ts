import { describe, expect, it } from 'vitest';
import { bytesPerElement, makeTypedArray, promoteTypes, scalarResultType } from './dtype.js';

describe('dtypes', () => {
  it('promote like PyTorch: bool < int32 < float32 < float64', () => {
    expect(promoteTypes('bool', 'int32')).toBe('int32');
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('float64', 'float32')).toBe('float64');
  });

  it('treat JS numbers as weak scalars', () => {
    expect(scalarResultType('int32', 2)).toBe('int32');
    expect(scalarResultType('int32', 2.5)).toBe('float32');
    expect(scalarResultType('bool', 1)).toBe('int32');
    expect(scalarResultType('bool', true)).toBe('bool');
    expect(scalarResultType('float64', 1)).toBe('float64');
  });

  it('map dtypes to typed arrays and sizes', () => {
    expect(makeTypedArray('bool', 2)).toBeInstanceOf(Uint8Array);
    expect(makeTypedArray('float64', 2)).toBeInstanceOf(Float64Array);
    expect(bytesPerElement('float64')).toBe(8);
    expect(bytesPerElement('bool')).toBe(1);
  });
});
