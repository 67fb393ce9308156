import { compileExpr, type Epilogue, StrataError, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at } from './index-math.js';
import { renderExpr } from './render-expr.js';

/**
 * A kernel's per-channel bias: the `[count]` buffer and the coordinate of the thread's channel.
 *
 * @example
 * ```ts
 * const channelBias: ChannelBias = { info: bias, coord: 'c2', count: n };
 * ```
 */
export interface ChannelBias {
  readonly info: TensorInfo;
  readonly coord: string;
  readonly count: number;
}

/**
 * What a kernel adds to its program to apply an epilogue to the value it computes: parameters
 * (after its own), the statements, the variable holding the final value, and the inputs and
 * scalars to pass (after its own, in the order of `params`).
 *
 * @example
 * ```ts
 * const tail: EpilogueSource = { params: [], statements: [], result: 's', inputs: [], scalars: [] };
 * ```
 */
export interface EpilogueSource {
  readonly params: readonly string[];
  readonly statements: readonly string[];
  readonly result: string;
  readonly inputs: readonly TensorInfo[];
  readonly scalars: readonly number[];
}

/**
 * The epilogue of a `MatMul`, `Conv2d` or `BatchNormTrain` kernel rendered into its program:
 * `epilogue.expr` with `input(0)` the gpu.js variable `value` and `input(1)` the bias read at the
 * thread's channel (parameter `eb`), its constants as uniforms `es0, es1, ...`. Without an
 * epilogue, `value` unchanged and nothing to add.
 *
 * @example
 * ```ts
 * const tail = epilogueSource(kernel, backend, attrs.epilogue, 's', bias && { info: bias, coord: 'c2', count: n });
 * const source = `function(a, b, ${tail.params.join(', ')}) { ... ${tail.statements.join('\n')} return ${tail.result}; }`;
 * ```
 */
export function epilogueSource(
  kernel: string,
  backend: GpuBackend,
  epilogue: Epilogue | undefined,
  value: string,
  bias: ChannelBias | undefined,
): EpilogueSource {
  if (epilogue === undefined) {
    if (bias !== undefined) {
      throw new StrataError(
        `${kernel} (gpu): expected a bias input only with an epilogue, got a bias and no epilogue; pass the epilogue that reads it.`,
      );
    }
    return { params: [], statements: [], result: value, inputs: [], scalars: [] };
  }
  const program = compileExpr(epilogue.expr);
  const biasAt = bias === undefined ? undefined : at(backend, bias.info, [[bias.coord, 1, bias.count]]);
  const rendered = renderExpr(
    program,
    (index) => {
      if (index === 0) return value;
      if (index === 1 && biasAt !== undefined) return `eb${biasAt}`;
      throw new StrataError(
        `${kernel} (gpu): expected epilogue '${epilogue.name}' to read input(0)${bias === undefined ? '' : ' and input(1)'}, got input(${index}); build it with input(0) the value${bias === undefined ? '' : ' and input(1) its bias'}.`,
      );
    },
    'e',
  );
  return {
    params: [...(bias === undefined ? [] : ['eb']), ...rendered.constants],
    statements: rendered.statements,
    result: rendered.result,
    inputs: bias === undefined ? [] : [bias.info],
    scalars: program.constants,
  };
}
