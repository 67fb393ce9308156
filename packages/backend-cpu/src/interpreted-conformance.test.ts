import { registerBackend } from '@strata/core';
import { runConformanceSuite } from '@strata/core/testing';
import { CpuBackend, registerCpuKernels } from './index.js';

// Elementwise expressions interpreted node by node, as where a Content Security Policy refuses
// generated code: the same fixtures, special values and gradchecks as the generated loops.
registerBackend('cpu-interpreted', () => new CpuBackend('cpu-interpreted'));
registerCpuKernels('cpu-interpreted', { codegen: false });
runConformanceSuite({ backend: 'cpu-interpreted' });
