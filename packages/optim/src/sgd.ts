import {
  ArgumentError,
  checkOptions,
  type Expr,
  elementwiseInPlace,
  keep,
  optionKeys,
  Tensor,
  zerosLike,
} from '@strata/core';
import { checkOption, describe, isNumber } from './check.js';
import { Optimizer, type OptimizerParamGroup, type ParamGroup, type ParamState } from './optimizer.js';

/**
 * The options of {@link SGD}, PyTorch's names in camelCase. Only `lr` has no default.
 *
 * @example
 * ```ts
 * const options: SGDOptions = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4, nesterov: true };
 * ```
 */
export interface SGDOptions {
  /** The learning rate, >= 0. */
  lr: number;
  /** The momentum factor, >= 0; 0 (the default) keeps no momentum buffer. */
  momentum?: number;
  /** Dampening for momentum: the new gradient enters the buffer scaled by `1 - dampening`. Default 0. */
  dampening?: number;
  /** L2 penalty added to the gradient (`grad + weightDecay * p`), >= 0. Default 0. */
  weightDecay?: number;
  /** Nesterov momentum (needs `momentum > 0` and `dampening` 0). Default false. */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize?: boolean;
}

const SGD_KEYS = optionKeys<SGDOptions>({
  lr: true,
  momentum: true,
  dampening: true,
  weightDecay: true,
  nesterov: true,
  maximize: true,
});

function checkSGDOptions(options: Required<SGDOptions>, where: string): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = options;
  checkOption(
    isNumber(lr) && lr >= 0,
    'SGD',
    `lr >= 0${where}`,
    lr,
    lr === undefined ? 'SGD has no default learning rate, pass e.g. { lr: 0.01 }' : undefined,
  );
  checkOption(isNumber(momentum) && momentum >= 0, 'SGD', `momentum >= 0${where}`, momentum);
  checkOption(isNumber(dampening), 'SGD', `dampening to be a number${where}`, dampening);
  checkOption(isNumber(weightDecay) && weightDecay >= 0, 'SGD', `weightDecay >= 0${where}`, weightDecay);
  checkOption(typeof nesterov === 'boolean', 'SGD', `nesterov to be a boolean${where}`, nesterov);
  checkOption(typeof maximize === 'boolean', 'SGD', `maximize to be a boolean${where}`, maximize);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new ArgumentError(
      `SGD: expected momentum > 0 and dampening 0 with nesterov${where} (Nesterov momentum requires a momentum and zero dampening), got momentum ${momentum} and dampening ${dampening}; set momentum (e.g. 0.9) and dampening 0, or nesterov false.`,
    );
  }
}

function resolveSGDOptions(options: SGDOptions): Required<SGDOptions> {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(
      `SGD: expected options { lr, momentum?, ... }, got ${describe(options)}; pass e.g. { lr: 0.01 }.`,
    );
  }
  checkOptions('SGD', options, SGD_KEYS);
  const resolved: Required<SGDOptions> = {
    lr: options.lr,
    momentum: options.momentum ?? 0,
    dampening: options.dampening ?? 0,
    weightDecay: options.weightDecay ?? 0,
    nesterov: options.nesterov ?? false,
    maximize: options.maximize ?? false,
  };
  checkSGDOptions(resolved, '');
  return resolved;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, exactly PyTorch's `torch.optim.SGD` update: `d = grad + weightDecay * p`; with momentum,
 * `buf = d` on the first step and `buf = momentum * buf + (1 - dampening) * d` after, then
 * `d = nesterov ? d + momentum * buf : buf`; finally `p -= lr * d`. The state of a parameter is
 * its `momentum_buffer` (only when momentum is nonzero).
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * crossEntropy(model.forward(x), y).backward();
 * opt.step();
 * ```
 */
export class SGD extends Optimizer<Required<SGDOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroup<Required<SGDOptions>>>, options: SGDOptions) {
    super(params, resolveSGDOptions(options));
  }

  protected override checkOptions(options: Required<SGDOptions>, index: number): void {
    checkSGDOptions(options, ` in param group ${index}`);
  }

  protected override checkParamState(state: ParamState): string[] {
    return state.momentum_buffer instanceof Tensor
      ? []
      : [`expected a 'momentum_buffer' tensor, got ${describe(state.momentum_buffer)}`];
  }

  protected override updateGroup(group: OptimizerParamGroup<Required<SGDOptions>>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const name = 'SGD.step';
    for (const p of group.params) {
      if (p.grad === null) continue;
      // The direction d is the gradient, negated to maximize, plus weight decay from the
      // parameter's old value; one pass updates the momentum buffer and the parameter in place,
      // computing what the separate ops computed, step for step.
      const direction = (g: Expr, w: Expr): Expr => {
        const d = maximize ? g.neg() : g;
        return weightDecay === 0 ? d : d.add(w.mul(weightDecay));
      };
      if (momentum === 0) {
        elementwiseInPlace([p], [p.grad], (w, g) => [w!.add(direction(g!, w!).mul(-lr))], { name });
        continue;
      }
      const state = this.state.get(p) ?? {};
      const kept = state.momentum_buffer;
      // PyTorch's first step sets the buffer to d itself.
      const first = !(kept instanceof Tensor);
      const buf = first ? keep(zerosLike(p)) : kept;
      if (first) {
        state.momentum_buffer = buf;
        this.state.set(p, state);
      }
      elementwiseInPlace(
        [buf, p],
        [p.grad],
        (b, w, g) => {
          const d = direction(g!, w!);
          const next = first ? d : b!.mul(momentum).add(d.mul(1 - dampening));
          const step = nesterov ? d.add(next.mul(momentum)) : next;
          return [next, w!.add(step.mul(-lr))];
        },
        { name },
      );
    }
  }
}
