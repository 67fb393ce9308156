/**
 * Tensors, autograd, the ops and the backend registry.
 *
 * @module @strata/core
 */
// First, so that a second copy of the package fails before anything registers into it.
import './claim-process.js';
// Attaches the op methods to Tensor's prototype.
import './tensor-methods.js';

export {
  enableGrad,
  enableGradScope,
  GradModeScope,
  isGradEnabled,
  noGrad,
  noGradScope,
} from './autograd/grad-mode.js';
export type { Backend, BackendCapabilities, BackendMemory, DataId, TensorInfo } from './backend/backend.js';
export * from './backend/kernel-map.js';
export {
  findBackend,
  getBackend,
  getKernel,
  hasFusedKernel,
  hasKernel,
  listBackends,
  missingRequiredKernels,
  registerBackend,
  registerKernel,
  registerKernels,
  removeBackend,
  setBackend,
} from './backend/registry.js';
export { checkOptions, closestName, optionKeys } from './check-options.js';
export * from './dtype.js';
export { DERIVATIVES, type DerivativeRule } from './elementwise/derivatives.js';
export { Expr, type ExprOp, type Operand } from './elementwise/expr.js';
export { type ElementwiseLayout, elementwiseLayout } from './elementwise/layout.js';
export { type DTypeRule, PRIMITIVE_SIGNATURES, PRIMITIVES, type Primitive } from './elementwise/primitive.js';
export { compileExpr, compileExprs, type ElementwiseProgram, type ProgramNode } from './elementwise/program.js';
export { DuplicateCoreError } from './duplicate-core-error.js';
export { dispose, keep, type MemoryInfo, memory, tidy } from './engine/engine.js';
export { MemoryScope, memoryScope } from './engine/memory-scope.js';
export { type ScopedOptions, scoped } from './engine/scoped.js';
export * from './errors.js';
export type { NestedArray } from './nested-array.js';
export * from './ops/index.js';
export { integerAt, normalAt, randomBits, uniformAt } from './random/counter-rng.js';
export { getRngState, manualSeed, setRngState } from './random/generator.js';
export { randomValues } from './random/random-values.js';
export * from './shape.js';
export * from './shape-info/conv2d-info.js';
export * from './shape-info/pool2d-info.js';
export { Tensor, type TensorLike } from './tensor.js';
export { VERSION } from './version.js';
