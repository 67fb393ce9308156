import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkloadReport } from './report.js';
import { findTorchPython, mergeTorchFigures, torchSkipNote } from './torch.js';

describe('findTorchPython', () => {
  it('skips with a note naming the missing venv and how to make it', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-'));
    const found = findTorchPython(root, {});
    expect(found).toEqual({ skipped: torchSkipNote(join(root, '.venv-ref', 'bin', 'python')) });
    expect('skipped' in found && found.skipped).toContain('PyTorch figures skipped: no reference venv at');
    expect('skipped' in found && found.skipped).toContain('STRATA_TORCH_PYTHON');
  });

  it("uses the repository's .venv-ref when it exists", () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-'));
    mkdirSync(join(root, '.venv-ref', 'bin'), { recursive: true });
    writeFileSync(join(root, '.venv-ref', 'bin', 'python'), '');
    expect(findTorchPython(root, {})).toEqual({ python: join(root, '.venv-ref', 'bin', 'python') });
  });

  it('prefers STRATA_TORCH_PYTHON, and says so when it points nowhere', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-'));
    const python = join(root, 'python3');
    writeFileSync(python, '');
    expect(findTorchPython(root, { STRATA_TORCH_PYTHON: python })).toEqual({ python });
    expect(findTorchPython(root, { STRATA_TORCH_PYTHON: join(root, 'missing') })).toEqual({
      skipped: `STRATA_TORCH_PYTHON is set to ${join(root, 'missing')}, which does not exist; point it at a python with torch installed or unset it.`,
    });
  });
});

describe('mergeTorchFigures', () => {
  const gemm: WorkloadReport = {
    name: 'gemm-1024',
    group: 'gemm',
    unit: 'GFLOP/s',
    shape: '1024x1024 · 1024x1024',
    results: [{ engine: 'strata-cpu', threads: 1, value: 10 }],
    ratios: {},
  };
  const conv: WorkloadReport = { ...gemm, name: 'conv2d-forward lenet-conv1', group: 'conv2d' };

  it('adds one result per thread count to the matching workload and recomputes its ratios', () => {
    const [merged, untouched] = mergeTorchFigures([gemm, conv], {
      torch: '2.13.0+cpu',
      results: { 'gemm-1024': { '1': 40, '2': 80 } },
    });
    expect(merged!.results).toEqual([
      { engine: 'strata-cpu', threads: 1, value: 10 },
      { engine: 'pytorch', threads: 1, value: 40 },
      { engine: 'pytorch', threads: 2, value: 80 },
    ]);
    expect(merged!.ratios).toEqual({ 'strata-cpu@1 / pytorch@1': 0.25, 'strata-cpu@1 / pytorch@2': 0.125 });
    expect(untouched).toBe(conv);
  });
});
