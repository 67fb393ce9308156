import { registerBackend } from '@strata/core';
import { runConformanceSuite } from '@strata/core/testing';
import { GpuBackend, registerGpuKernels } from '../index.js';
import { runCollected, type ShimResult } from './vitest-shim.js';

// Bundled for headless Chromium by browser-conformance.test.ts, with 'vitest' aliased to the shim.
// The suite runs twice: on 'gpu', and on 'gpu-rows', which stores every buffer over 16 elements
// in rows of 8 (as 'gpu' does above 2^24 elements), as row-layout.test.ts does in Node.
registerBackend('gpu-rows', () => new GpuBackend('gpu-rows', 'webgl2', { splitAbove: 16, rowWidth: 8 }));
registerGpuKernels('gpu-rows');
runConformanceSuite({ backend: 'gpu' });
runConformanceSuite({ backend: 'gpu-rows' });
(globalThis as unknown as { conformanceResult: Promise<ShimResult> }).conformanceResult = runCollected();
