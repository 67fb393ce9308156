import { type Tensor, tensor } from '@strata/core';
import type { Module } from '@strata/nn';

/**
 * @internal The formula weights and inputs of the golden fixtures (scripts/make-fixtures.py's
 * `formula_values`): `shift + scale * sin(0.7 i + phase)` over the flat index, in float64 then
 * rounded to float32.
 */
export function formulaValues(shape: readonly number[], phase: number, scale: number, shift = 0): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = shift + scale * Math.sin(0.7 * i + phase);
  return tensor(values, { shape });
}

/** @internal Sets every parameter of `model` to the fixtures' formula (`formula_parameter`). */
export function setFormulaParameters(model: Module): void {
  model.namedParameters().forEach(([name, p], index) => {
    const shape = p.shape;
    const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
    const value =
      shape.length === 1
        ? formulaValues(shape, index, 0.1, name.endsWith('weight') ? 1 : 0)
        : formulaValues(shape, index, 1 / Math.sqrt(fanIn));
    p.detach().copy_(value);
    value.dispose();
  });
}
