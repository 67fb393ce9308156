import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the PyTorch reference interpreter is, or why there is none: `$STRATA_TORCH_PYTHON` when
 * set (it must exist), otherwise `.venv-ref/bin/python` at the repository root (the reference
 * venv of docs/reference-pytorch.md).
 *
 * @example
 * ```ts
 * findTorchPython('/repo', {}); // { python: '/repo/.venv-ref/bin/python' } or { skipped: '...' }
 * ```
 */
export function findTorchPython(repoRoot: string, env: NodeJS.ProcessEnv): { python: string } | { skipped: string } {
  const explicit = env.STRATA_TORCH_PYTHON;
  if (explicit !== undefined && explicit !== '') {
    return existsSync(explicit)
      ? { python: explicit }
      : {
          skipped: `STRATA_TORCH_PYTHON is set to ${explicit}, which does not exist; point it at a python with torch installed or unset it.`,
        };
  }
  const venv = join(repoRoot, '.venv-ref', 'bin', 'python');
  return existsSync(venv) ? { python: venv } : { skipped: torchSkipNote(venv) };
}

/**
 * The note printed when PyTorch's figures are skipped because its venv is missing, with the way
 * to get them.
 *
 * @example
 * ```ts
 * torchSkipNote('/repo/.venv-ref/bin/python');
 * ```
 */
export function torchSkipNote(lookedAt: string): string {
  return `PyTorch figures skipped: no reference venv at ${lookedAt}. Create it as docs/reference-pytorch.md says (python3 -m venv .venv-ref and pip install torch) or set STRATA_TORCH_PYTHON to a python with torch.`;
}

/** PyTorch's figures as `scripts/torch_bench.py` prints them: per workload, images/s or GFLOP/s per thread count. */
export interface TorchFigures {
  torch: string;
  results: Record<string, Record<string, number>>;
  /** Parameters of PyTorch's ResNet-18, present when the script ran it. */
  resnet18Parameters?: number;
}

/**
 * glibc malloc settings for the PyTorch process: keep freed memory instead of handing it back to
 * the system. By default a training step's large buffers are returned at each free and faulted in
 * again at the next step; on a virtual machine where page faults are slow that made LeNet's
 * one-thread step take 19 ms in some runs and 100-110 ms in others (AMD EPYC VM, 2 vCPUs), so
 * the reference's figure depended on the allocator, not on PyTorch's kernels. Node's WebAssembly
 * memory never shrinks, so strata's side keeps its memory the same way.
 *
 * @example
 * ```ts
 * spawnSync(python, [script], { env: { ...process.env, ...TORCH_MALLOC_ENV } });
 * ```
 */
export const TORCH_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_TRIM_THRESHOLD_: String(2 ** 32),
  MALLOC_TOP_PAD_: String(2 ** 28),
};

/**
 * Runs `scripts/torch_bench.py` with `python` at each thread count (and `extraArgs`, such as the
 * ResNet-18 case) and parses the JSON it prints; a failing script is an error that carries its stderr.
 * The process runs with {@link TORCH_MALLOC_ENV}.
 *
 * @example
 * ```ts
 * const figures = runTorchBench('/repo/.venv-ref/bin/python', '/repo/apps/bench/scripts/torch_bench.py', [1, 2]);
 * ```
 */
export function runTorchBench(
  python: string,
  script: string,
  threads: readonly number[],
  extraArgs: readonly string[] = [],
): TorchFigures {
  const run = spawnSync(python, [script, '--threads', threads.join(','), ...extraArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, ...TORCH_MALLOC_ENV },
  });
  if (run.status !== 0) {
    throw new Error(`PyTorch bench: ${python} ${script} exited with ${run.status ?? run.signal}: ${run.stderr.trim()}`);
  }
  return JSON.parse(run.stdout) as TorchFigures;
}
