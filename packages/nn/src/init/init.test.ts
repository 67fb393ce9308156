import '@strata/backend-cpu';
import { manualSeed, ones, ShapeError, type Tensor, zeros } from '@strata/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import * as init from './index.js';

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
}

// 64k samples: the sample std of a distribution is within ~0.6% of the true one at 2 sigma.
const SAMPLE_SHAPE = [256, 256];
const STD_RELATIVE_TOLERANCE = 0.02;

describe('nn.init', () => {
  beforeEach(() => manualSeed(0));

  it('gains follow PyTorch', () => {
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(2 / 6), 12);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.0001)), 12);
  });

  it('fans count the receptive field and need rank 2', () => {
    expect(init.calculateFanInAndFanOut(zeros([6, 1, 5, 5]))).toEqual([25, 150]);
    expect(() => init.calculateFanInAndFanOut(zeros([3]))).toThrow(ShapeError);
  });

  it('xavier and kaiming draw with the documented bounds and deviations', () => {
    const w = zeros(SAMPLE_SHAPE);
    const fan = 256;
    init.xavierUniform_(w);
    const xu = Math.sqrt(6 / (2 * fan));
    expect(stats(w).max).toBeLessThanOrEqual(xu);
    expect(stats(w).min).toBeGreaterThanOrEqual(-xu);
    expect(stats(w).std / (xu / Math.sqrt(3))).toBeCloseTo(1, 1);
    init.xavierNormal_(w, 2);
    expect(Math.abs(stats(w).std / (2 * Math.sqrt(2 / (2 * fan))) - 1)).toBeLessThan(STD_RELATIVE_TOLERANCE);
    init.kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' });
    expect(Math.abs(stats(w).std / (Math.SQRT2 / Math.sqrt(fan)) - 1)).toBeLessThan(STD_RELATIVE_TOLERANCE);
    init.kaimingUniform_(w, { nonlinearity: 'relu' });
    const ku = Math.SQRT2 * Math.sqrt(3 / fan);
    expect(stats(w).max).toBeLessThanOrEqual(ku);
    expect(Math.abs(stats(w).std / (ku / Math.sqrt(3)) - 1)).toBeLessThan(STD_RELATIVE_TOLERANCE);
  });

  it('constant, zeros and ones fill in place', () => {
    const w = ones([2, 2]);
    init.constant_(w, 42);
    expect(w.toArray()).toEqual([
      [42, 42],
      [42, 42],
    ]);
    init.zeros_(w);
    expect(w.toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    init.ones_(w);
    expect(w.toArray()).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it("layers start like PyTorch's: weight U(±1/sqrt(fanIn)) (kaiming a = sqrt 5), bias U(±1/sqrt(fanIn))", () => {
    const fc = new Linear(400, 300);
    const bound = 1 / Math.sqrt(400);
    const w = stats(fc.weight);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(Math.abs(w.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(STD_RELATIVE_TOLERANCE);
    const b = stats(fc.bias!);
    expect(b.max).toBeLessThanOrEqual(bound);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
  });

  it('init functions work on parameters (no autograd error) and leave them leaves', () => {
    const fc = new Linear(3, 2);
    init.normal_(fc.weight, 0, 0.01);
    expect(fc.weight.isLeaf).toBe(true);
    expect(fc.weight.requiresGrad).toBe(true);
  });
});
