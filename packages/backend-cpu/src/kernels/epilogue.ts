import { compileExpr, type ElementwiseLayout, elementwiseLayout, type Epilogue } from '@strata/core';
import type { FloatArray } from '../routines/gemm.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { elementwiseLoop } from './elementwise-js.js';
import { runWasmLoop, wasmElementwise } from './elementwise-wasm-function.js';

/**
 * Values laid out `[outer, channels, inner]` with, where the epilogue reads one, a bias per
 * channel: a matmul's `[rows, columns, 1]`, a convolution's `[items, channels, OH * OW]`.
 */
export interface EpilogueBlock {
  readonly outer: number;
  readonly channels: number;
  readonly inner: number;
}

function layoutOf({ outer, channels, inner }: EpilogueBlock, bias: boolean): ElementwiseLayout {
  const shape = [outer, channels, inner];
  return elementwiseLayout(bias ? [shape, [1, channels, 1]] : [shape], shape);
}

/**
 * Applies `epilogue` in place to `values`, reading `bias` per channel: the loop the `Elementwise`
 * kernel runs for the same expression, so the result equals the unfused ops' bit for bit.
 *
 * @example
 * ```ts
 * applyEpilogue(epilogue, out, bias, { outer: m, channels: n, inner: 1 });
 * ```
 */
export function applyEpilogue(
  epilogue: Epilogue,
  values: FloatArray,
  bias: FloatArray | undefined,
  block: EpilogueBlock,
): void {
  const program = compileExpr(epilogue.expr);
  const layout = layoutOf(block, bias !== undefined);
  const inputs = bias === undefined ? [values] : [values, bias];
  elementwiseLoop(program, layout)(inputs, [values], layout.dims, layout.strides, program.constants);
}

/**
 * Applies `epilogue` in place to the float32 values at `pointer` in `heap` while they are still
 * there: with the generated WebAssembly loop (the bias copied in beside them), or, for an
 * expression that loop does not render (sigmoid, tanh), the JavaScript one over the heap's view.
 *
 * @example
 * ```ts
 * applyEpilogueInHeap(heap, epilogue, out, bias, { outer: m, channels: n, inner: 1 });
 * ```
 */
export function applyEpilogueInHeap(
  heap: WasmHeap,
  epilogue: Epilogue,
  pointer: number,
  bias: Float32Array | undefined,
  block: EpilogueBlock,
): void {
  const program = compileExpr(epilogue.expr);
  const layout = layoutOf(block, bias !== undefined);
  const loop = wasmElementwise(heap, program, layout);
  if (loop === undefined) {
    applyEpilogue(epilogue, heap.f32(pointer, block.outer * block.channels * block.inner), bias, block);
    return;
  }
  runWasmLoop(heap, loop, program, layout, bias === undefined ? [pointer] : [pointer, heap.copyIn(bias)], [pointer]);
}
