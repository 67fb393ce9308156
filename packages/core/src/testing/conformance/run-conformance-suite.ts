import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findBackend, missingRequiredKernels, setBackend } from '../../backend/registry.js';
import { manualSeed } from '../../random/generator.js';
import type { ConformanceContext } from './context.js';
import { defineActivationTests } from './activations.js';
import { defineAutogradTests } from './autograd.js';
import { defineBackendTests } from './backends.js';
import { defineCreationTests } from './creation.js';
import { defineElementwiseTests } from './elementwise.js';
import { defineElementwiseInPlaceTests } from './elementwise-in-place.js';
import { defineFusedElementwiseTests } from './fused-elementwise.js';
import { defineFixtureTests } from './fixtures.js';
import { defineGradientTests } from './gradients.js';
import { defineGradModeScopeTests } from './grad-mode-scopes.js';
import { defineInPlaceTests } from './in-place.js';
import { defineIndexingTests } from './indexing.js';
import { defineMemoryTests } from './memory.js';
import { defineMemoryScopeTests } from './memory-scopes.js';
import { definePrintingTests } from './printing.js';
import { defineReductionTests } from './reductions.js';
import { defineShapeOpTests } from './shape-ops.js';
import { defineSpecialValueTests } from './special-values.js';
import { checkOptions } from '../../check-options.js';

/**
 * Options of {@link runConformanceSuite}.
 *
 * @example
 * ```ts
 * runConformanceSuite({ backend: 'cpu' });
 * ```
 */
export interface ConformanceOptions {
  /** The registered name of the backend under test. */
  backend: string;
}

/**
 * Defines the backend conformance suite (vitest `describe` blocks) for one backend: every
 * required kernel through the ops that use it, every elementwise op on NaN and the infinities,
 * every op's forward values and gradients
 * (finite-difference gradchecks and PyTorch fixtures), broadcasting, odd, empty and scalar
 * shapes, autograd mechanics, indexing and in-place ops under autograd (against PyTorch),
 * memory accounting and error messages. Call it from a test file of
 * the backend's package.
 *
 * @example
 * ```ts
 * // backend-cpu/src/conformance.test.ts
 * import '@strata/backend-cpu';
 * import { runConformanceSuite } from '@strata/core/testing';
 * runConformanceSuite({ backend: 'cpu' });
 * ```
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  checkOptions('runConformanceSuite', options, ['backend']);
  const ctx: ConformanceContext = {
    backend: options.backend,
    float64: findBackend(options.backend).capabilities.dtypes.includes('float64'),
  };
  describe(`backend conformance: ${options.backend}`, () => {
    beforeAll(() => setBackend(options.backend));
    beforeEach(() => manualSeed(0));
    afterEach(() => setBackend(options.backend));
    it('registers every required kernel', () => {
      expect(missingRequiredKernels(options.backend)).toEqual([]);
    });
    defineCreationTests(ctx);
    defineElementwiseTests(ctx);
    defineFusedElementwiseTests(ctx);
    defineElementwiseInPlaceTests(ctx);
    defineSpecialValueTests(ctx);
    defineActivationTests(ctx);
    defineReductionTests(ctx);
    defineShapeOpTests(ctx);
    definePrintingTests(ctx);
    defineBackendTests(ctx);
    defineFixtureTests(ctx);
    defineGradientTests(ctx);
    defineAutogradTests(ctx);
    defineIndexingTests(ctx);
    defineInPlaceTests(ctx);
    defineMemoryTests(ctx);
    defineMemoryScopeTests(ctx);
    defineGradModeScopeTests();
  });
}
