import { runConformanceSuite } from '@strata/core/testing';
import '../index.js';
import { runCollected, type ShimResult } from './vitest-shim.js';

// Bundled for headless Chromium by browser-conformance.test.ts, with 'vitest' aliased to the shim.
runConformanceSuite({ backend: 'gpu' });
(globalThis as unknown as { conformanceResult: Promise<ShimResult> }).conformanceResult = runCollected();
