/**
 * The conformance suite every backend runs, `gradcheck` and the comparison helpers.
 *
 * @module @strata/core/testing
 */
// Tensors made here have their op methods even where the main entry is not imported.
import '../tensor-methods.js';

export type { ConformanceContext } from './conformance/context.js';
export { type ConformanceOptions, runConformanceSuite } from './conformance/run-conformance-suite.js';
export { callKernel } from './call-kernel.js';
export { expectClose } from './expect-close.js';
export { type GradcheckOptions, type GradcheckResult, gradcheck } from './gradcheck.js';
export { type OptionsCase, runOptionsContract } from './options-contract.js';
export * from './tolerances.js';
export { undisposedTensors } from './undisposed-tensors.js';
