import { format } from 'node:util';

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const;

interface Capture {
  outputs: string[];
  current: number;
  restore: () => void;
}

let active: Capture | null = null;

/**
 * Starts collecting what `console.log/info/debug/warn/error` print, per cell of a page module:
 * `cell(k)` (called by the generated module before cell k's code) switches the cell that receives
 * the text. Returns the per-cell outputs, filled while the module runs.
 *
 * @example
 * ```ts
 * const outputs = startCapture();
 * cell(0); console.log('hi');
 * stopCapture(); // outputs[0] === 'hi\n'
 * ```
 */
export function startCapture(): string[] {
  if (active !== null) throw new Error('startCapture: a capture is already running; call stopCapture() first.');
  const saved = METHODS.map((name) => [name, console[name]] as const);
  const capture: Capture = {
    outputs: [],
    current: -1,
    restore: () => {
      for (const [name, fn] of saved) console[name] = fn;
    },
  };
  for (const name of METHODS) {
    console[name] = (...args: unknown[]) => {
      capture.outputs[capture.current] = `${capture.outputs[capture.current] ?? ''}${format(...args)}\n`;
    };
  }
  active = capture;
  return capture.outputs;
}

/** Output printed from now on belongs to cell `k`. */
export function cell(k: number): void {
  if (active === null) throw new Error('cell: no capture is running (a page module runs only inside runPage).');
  active.current = k;
}

/** The cell that was running last, or -1 before the first. */
export function currentCell(): number {
  return active?.current ?? -1;
}

/** Restores the console. */
export function stopCapture(): void {
  active?.restore();
  active = null;
}
