import { describe, expect, it } from 'vitest';
import { enableGrad, enableGradScope, isGradEnabled, noGrad, noGradScope } from '../../autograd/grad-mode.js';
import { tidy } from '../../engine/engine.js';
import { StrataError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';

/** Resolves after a macrotask, so the code after it runs in a later task. */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** noGradScope / enableGradScope across await, their nesting, and noGrad/enableGrad/tidy refusing async functions. */
export function defineGradModeScopeTests(): void {
  describe('grad mode scopes', () => {
    it('noGradScope holds across await (an evaluation loop) and restores recording when closed', async () => {
      const w = ops.tensor([1, 2], { requiresGrad: true });
      const outputs: Tensor[] = [];
      {
        using _ = noGradScope();
        for (let i = 0; i < 3; i++) {
          await tick();
          outputs.push(w.mul(i));
        }
        expect(isGradEnabled()).toBe(false);
      }
      expect(outputs.map((y) => y.requiresGrad)).toEqual([false, false, false]);
      expect(isGradEnabled()).toBe(true);
      expect(w.mul(2).requiresGrad).toBe(true);
    });

    it('works without using: close() in a finally, and closing twice does nothing', async () => {
      const w = ops.tensor([1], { requiresGrad: true });
      const scope = noGradScope();
      let y: Tensor | undefined;
      try {
        await tick();
        y = w.mul(3);
      } finally {
        scope.close();
      }
      scope.close();
      expect(scope.isClosed).toBe(true);
      expect(y!.requiresGrad).toBe(false);
      expect(isGradEnabled()).toBe(true);
    });

    it('nests with enableGradScope, noGrad and enableGrad; the innermost open scope decides', async () => {
      const w = ops.tensor([1], { requiresGrad: true });
      const modes: boolean[] = [];
      {
        using _ = noGradScope();
        modes.push(isGradEnabled());
        {
          using _inner = enableGradScope();
          await tick();
          modes.push(
            isGradEnabled(),
            w.mul(2).requiresGrad,
            noGrad(() => isGradEnabled()),
          );
        }
        modes.push(
          isGradEnabled(),
          enableGrad(() => isGradEnabled()),
        );
      }
      modes.push(isGradEnabled());
      expect(modes).toEqual([false, true, true, false, false, true, true]);
    });

    it('a scope closed before one opened after it leaves the later one deciding', async () => {
      const off = noGradScope();
      const on = enableGradScope();
      const off2 = noGradScope();
      on.close();
      expect(isGradEnabled()).toBe(false);
      off2.close();
      expect(isGradEnabled()).toBe(false);
      await tick();
      off.close();
      expect(isGradEnabled()).toBe(true);
    });

    it('noGrad, enableGrad and tidy throw when their function returns a promise, naming the scope to use', async () => {
      const w = ops.tensor([1], { requiresGrad: true });
      let later: boolean | undefined;
      const asyncEval = async () => {
        await tick();
        later = w.mul(2).requiresGrad;
      };
      expect(() => noGrad(asyncEval)).toThrow(StrataError);
      expect(() => noGrad(asyncEval)).toThrow(
        /^noGrad: expected a synchronous function, got one that returned a Promise; .* using _ = noGradScope\(\);/,
      );
      expect(isGradEnabled()).toBe(true);
      noGrad(() => {
        expect(() => enableGrad(async () => 1)).toThrow(/^enableGrad: .* using _ = enableGradScope\(\);/);
        expect(isGradEnabled()).toBe(false);
      });
      expect(() => tidy(async () => 1)).toThrow(/^tidy: .* using _ = memoryScope\(\);/);
      await tick();
      await tick();
      // What the refusal prevents: after its first await the function records again.
      expect(later).toBe(true);
    });
  });
}
