import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTorchPython, torchSkipNote } from './torch.js';

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
