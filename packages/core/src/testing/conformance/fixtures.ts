import { describe, it } from 'vitest';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { expectClose } from '../expect-close.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type Tolerance } from '../tolerances.js';
import { FIXTURE_CALLS, FIXTURE_FILES, type FixtureCase, fixtureTensor } from './fixture-cases.js';
import type { ConformanceContext } from './context.js';

function runCase(c: FixtureCase, dtype: DType, tolerance: Tolerance): void {
  const call = FIXTURE_CALLS[c.op];
  if (call === undefined) throw new Error(`fixture op '${c.op}' has no call in FIXTURE_CALLS`);
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) {
    const buffer = name === 'runningMean' || name === 'runningVar';
    inputs[name] = fixtureTensor(t, dtype, !buffer && c.grads?.[name] !== undefined);
  }
  const out = call(inputs, c.args, c.options);
  expectClose(out, c.output.shape, c.output.data, tolerance, `${c.name} output`);
  if (c.runningMeanAfter)
    expectClose(
      inputs.runningMean!,
      c.runningMeanAfter.shape,
      c.runningMeanAfter.data,
      tolerance,
      `${c.name} runningMean`,
    );
  if (c.runningVarAfter)
    expectClose(inputs.runningVar!, c.runningVarAfter.shape, c.runningVarAfter.data, tolerance, `${c.name} runningVar`);
  if (c.dy === undefined || c.grads === undefined) return;
  out.backward(fixtureTensor(c.dy, dtype));
  for (const [name, g] of Object.entries(c.grads)) {
    const grad = inputs[name]!.grad;
    if (grad === null) throw new Error(`${c.name}: no gradient reached input '${name}'`);
    expectClose(grad, g.shape, g.data, tolerance, `${c.name} grad ${name}`);
  }
}

/** Forward values and gradients against PyTorch's, case by case from the fixture files. */
export function defineFixtureTests(ctx: ConformanceContext): void {
  for (const [file, { torch, cases }] of Object.entries(FIXTURE_FILES)) {
    describe(`${file} (PyTorch ${torch} fixtures)`, () => {
      for (const c of cases) {
        it(`${c.name} [float32]`, () => runCase(c, 'float32', FLOAT32_TOLERANCE));
        if (ctx.float64) it(`${c.name} [float64]`, () => runCase(c, 'float64', FLOAT64_TOLERANCE));
      }
    });
  }
}
