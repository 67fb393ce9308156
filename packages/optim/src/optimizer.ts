import {
  ArgumentError,
  checkOptions,
  DTypeError,
  enableGrad,
  formatShape,
  isFloat,
  keep,
  noGrad,
  Tensor,
  shapesEqual,
  tidy,
} from '@strata/core';
import { describe, isNumber } from './check.js';

/**
 * The options every optimizer has: a learning rate, and the `initialLr` that the first
 * {@link LRScheduler} on the optimizer records (PyTorch's `initial_lr`).
 *
 * @example
 * ```ts
 * const options: OptimizerOptions = { lr: 0.1 };
 * ```
 */
export interface OptimizerOptions {
  /** The learning rate; LR schedulers change it between steps. */
  lr: number;
  /** The learning rate before any scheduler changed it; set by the first scheduler created. */
  initialLr?: number;
}

/**
 * A group of parameters with its own options, as passed to an optimizer: options left out come
 * from the optimizer's defaults (PyTorch's per-parameter options).
 *
 * @example
 * ```ts
 * const groups: ParamGroup<Required<SGDOptions>>[] = [{ params: [w] }, { params: [b], lr: 0.01 }];
 * const opt = new SGD(groups, { lr: 0.1, momentum: 0.9 });
 * ```
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
};

/**
 * A param group as an optimizer holds it: its parameters and every option, defaults filled in.
 * Change options here between steps (`opt.paramGroups[0].lr = 0.01`), as in PyTorch.
 *
 * @example
 * ```ts
 * for (const group of opt.paramGroups) group.lr *= 0.1;
 * ```
 */
export type OptimizerParamGroup<O extends OptimizerOptions = OptimizerOptions> = O &
  OptimizerOptions & { params: Tensor[] };

/**
 * The state an optimizer keeps for one parameter, under PyTorch's key names: buffers the
 * parameter's shape (`momentum_buffer`, `exp_avg`, ...) and counters (`step`).
 *
 * @example
 * ```ts
 * const state: ParamState | undefined = opt.state.get(w); // { step: 3, exp_avg: ..., exp_avg_sq: ... }
 * ```
 */
export type ParamState = Record<string, Tensor | number>;

/**
 * An optimizer's state as plain data, shaped like PyTorch's `optimizer.state_dict()`: parameters
 * are numbered in param-group order, `state` maps those numbers to copies of their state, and
 * each entry of `paramGroups` holds a group's options and its parameters' numbers.
 *
 * @example
 * ```ts
 * const sd: OptimizerStateDict = opt.stateDict();
 * sd.paramGroups[0]!.params; // [0, 1]
 * ```
 */
export interface OptimizerStateDict<O extends OptimizerOptions = OptimizerOptions> {
  state: Record<number, ParamState>;
  paramGroups: (O & OptimizerOptions & { params: number[] })[];
}

type Options = Record<string, unknown>;

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function tensorText(t: Tensor): string {
  return `a tensor of shape ${formatShape(t.shape)}`;
}

/**
 * The base class of every optimizer, PyTorch's `torch.optim.Optimizer`: it holds the param
 * groups and the per-parameter state, and runs `step()` without recording gradients and inside
 * `tidy`, updating each parameter in place so models keep their tensor objects.
 *
 * A subclass passes its defaults to `super`, implements {@link Optimizer.updateGroup}, keeps the
 * state tensors it creates with `keep`, and updates them in place.
 *
 * @example
 * ```ts
 * class SignSGD extends Optimizer<{ lr: number }> {
 *   constructor(params: Iterable<Tensor>, lr: number) { super(params, { lr }); }
 *   protected updateGroup(group: OptimizerParamGroup<{ lr: number }>): void {
 *     for (const p of group.params) if (p.grad !== null) p.sub_(p.grad.sign(), { alpha: group.lr });
 *   }
 * }
 * ```
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions> {
  /** The options a param group gets for everything it does not set. */
  readonly defaults: Readonly<O>;
  /** The param groups, in order; their options may be changed between steps. */
  readonly paramGroups: OptimizerParamGroup<O>[] = [];
  /** Per-parameter state, created on a parameter's first update (PyTorch's `optimizer.state`). */
  readonly state = new Map<Tensor, ParamState>();

  /**
   * @param params The parameters (e.g. `model.parameters()`), or param groups
   *   `{ params, ...options }` with their own options.
   * @param defaults Every option, as the subclass resolved it.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroup<O>>, defaults: O) {
    this.defaults = Object.freeze({ ...defaults });
    const name = new.target.name;
    if (params instanceof Tensor) {
      throw new ArgumentError(
        `${name}: expected an iterable of tensors or of param groups, got ${tensorText(params)}; wrap it in an array: [p].`,
      );
    }
    if (!isIterable(params)) {
      throw new ArgumentError(
        `${name}: expected an iterable of tensors or of param groups, got ${describe(params)}; pass model.parameters().`,
      );
    }
    const items: unknown[] = Array.from(params as Iterable<unknown>);
    if (items.length === 0) {
      throw new ArgumentError(
        `${name}: expected at least one parameter, got an empty list; build the model before its optimizer.`,
      );
    }
    const tensors = items.filter((item) => item instanceof Tensor).length;
    if (tensors === items.length) {
      this.addParamGroup({ params: items as Tensor[] } as unknown as ParamGroup<O>);
    } else if (tensors > 0) {
      throw new ArgumentError(
        `${name}: expected an iterable of tensors or one of param groups ({ params, ...options }), got a mix of both; put loose tensors in a group of their own.`,
      );
    } else {
      for (const group of items) this.addParamGroup(group as ParamGroup<O>);
    }
  }

  /**
   * Adds a param group (PyTorch's `add_param_group`), e.g. to train layers unfrozen mid-run.
   * Options it leaves out come from {@link Optimizer.defaults}.
   *
   * @example
   * ```ts
   * opt.addParamGroup({ params: head.parameters(), lr: 0.01 });
   * ```
   */
  addParamGroup(group: ParamGroup<O>): void {
    const name = this.constructor.name;
    const index = this.paramGroups.length;
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new ArgumentError(
        `${name}: expected param group ${index} to be { params, ...options }, got ${describe(group)}.`,
      );
    }
    const raw: unknown = group.params;
    if (!(raw instanceof Tensor) && !isIterable(raw)) {
      throw new ArgumentError(
        `${name}: expected the params of param group ${index} to be a tensor or an iterable of tensors, got ${describe(raw)}.`,
      );
    }
    const params = raw instanceof Tensor ? [raw] : Array.from(raw);
    const owner = new Map<Tensor, number>();
    this.paramGroups.forEach((g, i) => {
      for (const p of g.params) owner.set(p, i);
    });
    const seen = new Set<Tensor>();
    params.forEach((p, i) => {
      this.#checkParam(p, `params[${i}] of param group ${index}`);
      if (seen.has(p)) {
        throw new ArgumentError(
          `${name}: expected each parameter once, got ${tensorText(p)} twice in param group ${index}; remove the duplicate.`,
        );
      }
      const other = owner.get(p);
      if (other !== undefined) {
        throw new ArgumentError(
          `${name}: expected each parameter in one param group, got ${tensorText(p)} in param group ${index} that is already in param group ${other}; a parameter has one set of options.`,
        );
      }
      seen.add(p);
    });
    checkOptions(`${name} param group ${index}`, group, ['params', 'initialLr', ...Object.keys(this.defaults)]);
    const merged: Options = { ...this.defaults };
    for (const [key, value] of Object.entries(group)) {
      if (key !== 'params' && value !== undefined) merged[key] = value;
    }
    const options = structuredClone(merged) as O;
    this.checkOptions(options, index);
    this.paramGroups.push({ ...options, params: params as Tensor[] });
  }

  /**
   * Clears every parameter's gradient: by default disposes it and sets `.grad` to `null`
   * (PyTorch's `set_to_none=True`), else fills it with zeros in place.
   *
   * @example
   * ```ts
   * opt.zeroGrad();
   * loss.backward();
   * opt.step();
   * ```
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    checkOptions('zeroGrad', options, ['setToNone']);
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const grad = p.grad;
        if (grad === null) continue;
        if (setToNone) {
          p.grad = null;
          grad.dispose();
        } else {
          noGrad(() => grad.zero_());
        }
      }
    }
  }

  /**
   * Updates every parameter whose `.grad` is set, in place. `closure`, when given, is called
   * first with gradients enabled (it should zero the gradients, recompute the loss, call
   * `backward()` and return the loss) and its result is returned, as in PyTorch.
   *
   * @example
   * ```ts
   * opt.zeroGrad();
   * lossFn(model.forward(x), y).backward();
   * opt.step();
   * ```
   */
  step<T = undefined>(closure?: () => T): T | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() =>
      tidy(() => {
        for (const group of this.paramGroups) this.updateGroup(group);
      }),
    );
    return loss;
  }

  /**
   * The optimizer's state, shaped like PyTorch's `state_dict()`, with copies of the state
   * tensors (dispose them, or let them be collected, when done).
   *
   * @example
   * ```ts
   * const checkpoint = { model: model.stateDict(), optimizer: opt.stateDict() };
   * ```
   */
  stateDict(): OptimizerStateDict<O> {
    const indices = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...options }) => ({
      ...structuredClone(options),
      params: params.map((p) => {
        let i = indices.get(p);
        if (i === undefined) {
          i = indices.size;
          indices.set(p, i);
        }
        return i;
      }),
    })) as OptimizerStateDict<O>['paramGroups'];
    const state: Record<number, ParamState> = {};
    noGrad(() => {
      for (const [p, i] of indices) {
        const entry = this.state.get(p);
        if (entry === undefined) continue;
        state[i] = Object.fromEntries(
          Object.entries(entry).map(([key, value]) => [key, value instanceof Tensor ? value.clone() : value]),
        );
      }
    });
    return { state, paramGroups };
  }

  /**
   * Restores a state from {@link Optimizer.stateDict} (PyTorch's `load_state_dict`): the
   * options of every param group and copies of the per-parameter state, cast to each
   * parameter's dtype and backend, so training resumes exactly where it was saved. The
   * parameters are matched by position within their group. Every problem found (group count,
   * group sizes, state shapes, missing options) is reported in one error, and nothing changes
   * then.
   *
   * @example
   * ```ts
   * const resumed = new Adam(model.parameters(), { lr: 1e-3 });
   * resumed.loadStateDict(checkpoint.optimizer);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const name = this.constructor.name;
    const saved: unknown = stateDict?.paramGroups;
    const savedState: unknown = stateDict?.state ?? {};
    if (!Array.isArray(saved) || savedState === null || typeof savedState !== 'object') {
      throw new ArgumentError(
        `${name}.loadStateDict: expected { state, paramGroups } as stateDict() returns, got ${describe(stateDict)}; pass the result of stateDict().`,
      );
    }
    const groups = saved as Options[];
    const problems: string[] = [];
    if (groups.length !== this.paramGroups.length) {
      problems.push(`expected ${this.paramGroups.length} param groups, got ${groups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, gi) => {
      const current = this.paramGroups[gi];
      if (current === undefined) return;
      const indices = g?.params;
      if (!Array.isArray(indices)) {
        problems.push(`paramGroups[${gi}].params: expected an array of parameter numbers, got ${describe(indices)}`);
        return;
      }
      if (indices.length !== current.params.length) {
        problems.push(
          `paramGroups[${gi}]: expected ${current.params.length} parameters (this optimizer's group), got ${indices.length}`,
        );
      } else {
        indices.forEach((index: unknown, k) => {
          byIndex.set(Number(index), current.params[k]!);
        });
      }
      for (const key of Object.keys(this.defaults)) {
        if (!(key in g)) problems.push(`paramGroups[${gi}]: missing option '${key}'`);
      }
    });
    // With the groups mismatched, unmatched state numbers are a consequence, not a new problem.
    const groupsMatch = problems.length === 0;
    for (const [key, entry] of Object.entries(savedState as Record<string, unknown>)) {
      const p = byIndex.get(Number(key));
      if (p === undefined) {
        if (groupsMatch) problems.push(`state[${key}]: no parameter has number ${key} in paramGroups`);
        continue;
      }
      if (entry === null || typeof entry !== 'object') {
        problems.push(`state[${key}]: expected an object of tensors and numbers, got ${describe(entry)}`);
        continue;
      }
      for (const [k, v] of Object.entries(entry)) {
        if (v instanceof Tensor) {
          if (v.isDisposed) problems.push(`state[${key}].${k}: expected a live tensor, got a disposed one`);
          else if (!shapesEqual(v.shape, p.shape)) {
            problems.push(
              `state[${key}].${k}: expected shape ${formatShape(p.shape)} (the parameter's), got ${formatShape(v.shape)}`,
            );
          }
        } else if (!isNumber(v)) {
          problems.push(`state[${key}].${k}: expected a tensor or a number, got ${describe(v)}`);
        }
      }
      for (const problem of this.checkParamState(entry as ParamState)) problems.push(`state[${key}]: ${problem}`);
    }
    if (problems.length > 0) {
      const sizes = this.paramGroups.map((g) => g.params.length).join(', ');
      throw new ArgumentError(
        `${name}.loadStateDict: expected the state dict of an optimizer over the same parameters (${this.paramGroups.length} param groups of ${sizes}), got ${problems.length} problem${problems.length === 1 ? '' : 's'}; save it with stateDict() from an optimizer built the same way.\n  - ${problems.join('\n  - ')}`,
      );
    }
    const state = new Map<Tensor, ParamState>();
    // Copy before disposing the current state: the caller may have passed tensors we hold.
    noGrad(() =>
      tidy(() => {
        for (const [key, entry] of Object.entries(savedState as Record<string, ParamState>)) {
          const p = byIndex.get(Number(key))!;
          const copy: ParamState = {};
          for (const [k, v] of Object.entries(entry))
            copy[k] = v instanceof Tensor ? keep(v.to(p.backend).cast(p.dtype).clone()) : v;
          state.set(p, copy);
        }
      }),
    );
    for (const entry of this.state.values()) {
      for (const v of Object.values(entry)) if (v instanceof Tensor) v.dispose();
    }
    this.state.clear();
    for (const [p, entry] of state) this.state.set(p, entry);
    this.paramGroups.forEach((group, gi) => {
      const { params: _, ...options } = groups[gi]!;
      const target = group as unknown as Options;
      for (const key of Object.keys(target)) if (key !== 'params') Reflect.deleteProperty(target, key);
      Object.assign(target, structuredClone(options));
    });
  }

  /**
   * Updates the parameters of one group that have a gradient; called by `step()` inside
   * `noGrad` and `tidy`.
   */
  protected abstract updateGroup(group: OptimizerParamGroup<O>): void;

  /**
   * Validates one param group's options (defaults filled in) when it is added; subclasses throw
   * an `ArgumentError` naming the group.
   */
  protected checkOptions(_options: O, _index: number): void {}

  /** Problems with one parameter's loaded state (missing keys, wrong kinds), as short phrases. */
  protected checkParamState(_state: ParamState): string[] {
    return [];
  }

  #checkParam(p: unknown, where: string): asserts p is Tensor {
    const name = this.constructor.name;
    if (!(p instanceof Tensor)) {
      throw new ArgumentError(`${name}: expected every parameter to be a Tensor, got ${describe(p)} at ${where}.`);
    }
    if (p.isDisposed) {
      throw new ArgumentError(
        `${name}: expected live parameters, got a disposed tensor at ${where}; keep parameters with keep() or out of tidy().`,
      );
    }
    if (!isFloat(p.dtype)) {
      throw new DTypeError(
        `${name}: expected float32 or float64 parameters, got dtype ${p.dtype} at ${where}; create parameters as float tensors.`,
      );
    }
    if (!p.isLeaf) {
      throw new ArgumentError(
        `${name}: expected leaf tensors (PyTorch: can't optimize a non-leaf Tensor), got ${tensorText(p)} computed by an op at ${where}; optimize the tensor you created, or a .detach()ed copy with requiresGrad set.`,
      );
    }
    if (!p.requiresGrad) {
      throw new ArgumentError(
        `${name}: expected parameters that require grad, got ${tensorText(p)} with requiresGrad false at ${where}; set p.requiresGrad = true, or leave frozen parameters out of the optimizer.`,
      );
    }
  }
}
