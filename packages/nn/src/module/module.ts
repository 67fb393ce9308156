import { ArgumentError, checkOptions, formatShape, keep, noGrad, ShapeError, StrataError, Tensor } from '@strata/core';
import { Buffer } from './buffer.js';
import { adoptAsParameter, Parameter } from './parameter.js';
import { describeValue } from './pytorch-args.js';

/**
 * A state dict: parameters and persistent buffers by dotted name, in PyTorch's order and with
 * PyTorch's keys (`features.0.weight`, `bn1.running_var`).
 *
 * @example
 * ```ts
 * const sd: StateDict = net.stateDict();
 * Object.keys(sd); // ['0.weight', '0.bias', '2.weight', '2.bias']
 * ```
 */
export type StateDict = Record<string, Tensor>;

/**
 * What `loadStateDict` did not match (it throws instead when `strict` and either list is
 * non-empty).
 *
 * @example
 * ```ts
 * const { missingKeys, unexpectedKeys } = net.loadStateDict(sd, { strict: false });
 * ```
 */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Thrown by `loadStateDict` with every missing, unexpected, mis-shaped and mis-typed key at once.
 *
 * @example
 * ```ts
 * try { net.loadStateDict(sd); } catch (e) { if (e instanceof StateDictError) console.log(e.missingKeys); }
 * ```
 */
export class StateDictError extends StrataError {
  override readonly name = 'StateDictError';
  constructor(
    message: string,
    readonly missingKeys: readonly string[],
    readonly unexpectedKeys: readonly string[],
    readonly shapeMismatches: readonly string[],
    readonly dtypeMismatches: readonly string[] = [],
  ) {
    super(message);
  }
}

/** PyTorch's rule for the names of submodules, parameters and buffers: non-empty, no dot (dots join the path). */
const NAME = /^[^.]+$/;

interface ModuleState {
  /** The object behind the module's Proxy: registered entries are its own properties too. */
  readonly target: Module;
  readonly parameters: Map<string, Parameter | null>;
  readonly buffers: Map<string, Tensor | null>;
  readonly nonPersistent: Set<string>;
  readonly modules: Map<string, Module | null>;
}

// Keyed by both the module (its Proxy) and the Proxy's target, which the traps receive.
const states = new WeakMap<object, ModuleState>();

function stateOf(module: Module): ModuleState {
  return states.get(module)!;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object' || typeof value === 'function') return value.constructor?.name ?? typeof value;
  return typeof value;
}

// A class field declared without a value (`conv: Conv2d;`) is defined as undefined after the
// base constructor ran, which would silently drop what the base registered.
function undefinedHint(name: string, value: unknown): string {
  return value === undefined
    ? `; a class field declared without a value redefines '${name}' as undefined: write \`declare ${name}: ...\``
    : '';
}

// Registered entries are also own data properties of the target, so that reading `net.conv1`
// in a forward pass is a plain property read; only writes go through the Proxy's traps.
function expose(state: ModuleState, name: string, value: unknown): void {
  Reflect.defineProperty(state.target, name, { value, writable: true, enumerable: true, configurable: true });
}

function forget(state: ModuleState, name: string): void {
  state.parameters.delete(name);
  state.buffers.delete(name);
  state.nonPersistent.delete(name);
  state.modules.delete(name);
}

function registeredKind(state: ModuleState, name: string): 'parameter' | 'buffer' | 'module' | undefined {
  if (state.parameters.has(name)) return 'parameter';
  if (state.buffers.has(name)) return 'buffer';
  if (state.modules.has(name)) return 'module';
  return undefined;
}

// As PyTorch, a registered name may not hide a method or property of the class.
function assertNotInherited(state: ModuleState, name: string, what: string): void {
  if (registeredKind(state, name) === undefined && !Object.hasOwn(state.target, name) && name in state.target) {
    const owner = state.target.constructor.name;
    throw new ArgumentError(
      `${owner}: cannot register ${what} '${name}': ${owner} already has a method or property of that name; pick another name.`,
    );
  }
}

function setBuffer(state: ModuleState, name: string, t: Tensor | null, persistent: boolean): void {
  if (t !== null) keep(t);
  state.buffers.set(name, t);
  if (persistent) state.nonPersistent.delete(name);
  else state.nonPersistent.add(name);
  expose(state, name, t);
}

/**
 * PyTorch's `Module.__setattr__`: a Parameter, Buffer or Module assigned to a module is
 * registered under that name (a name keeps its place when reassigned, as in PyTorch's ordered
 * dicts); null clears a registered name; anything else assigned to a registered name is a
 * mistake. Returns false for plain attributes, which are defined as usual.
 */
function assignAttribute(state: ModuleState, name: string, value: unknown): boolean {
  const owner = state.target.constructor.name;
  if (value instanceof Parameter) {
    assertNotInherited(state, name, 'parameter');
    state.buffers.delete(name);
    state.nonPersistent.delete(name);
    state.modules.delete(name);
    keep(value);
    state.parameters.set(name, value);
    expose(state, name, value);
    return true;
  }
  if (state.parameters.has(name)) {
    if (value !== null) {
      throw new ArgumentError(
        `${owner}: cannot assign ${typeName(value)} as parameter '${name}' (nn.Parameter or null expected)${undefinedHint(name, value)}; wrap a tensor as new Parameter(tensor).`,
      );
    }
    state.parameters.set(name, null);
    expose(state, name, null);
    return true;
  }
  if (value instanceof Module) {
    assertNotInherited(state, name, 'module');
    state.parameters.delete(name);
    state.buffers.delete(name);
    state.nonPersistent.delete(name);
    state.modules.set(name, value);
    expose(state, name, value);
    return true;
  }
  if (state.modules.has(name)) {
    if (value !== null) {
      throw new ArgumentError(
        `${owner}: cannot assign ${typeName(value)} as child module '${name}' (nn.Module or null expected)${undefinedHint(name, value)}.`,
      );
    }
    state.modules.set(name, null);
    expose(state, name, null);
    return true;
  }
  if (value instanceof Buffer || state.buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new ArgumentError(
        `${owner}: cannot assign ${typeName(value)} as buffer '${name}' (Tensor, nn.Buffer or null expected)${undefinedHint(name, value)}.`,
      );
    }
    assertNotInherited(state, name, 'buffer');
    setBuffer(state, name, value, value instanceof Buffer ? value.persistent : !state.nonPersistent.has(name));
    return true;
  }
  return false;
}

const traps: ProxyHandler<Module> = {
  defineProperty(target, key, descriptor) {
    const state = states.get(target);
    if (state === undefined || typeof key !== 'string') return Reflect.defineProperty(target, key, descriptor);
    if (!('value' in descriptor)) {
      if (registeredKind(state, key) !== undefined && (descriptor.get !== undefined || descriptor.set !== undefined)) {
        throw new ArgumentError(
          `${target.constructor.name}: cannot define an accessor over the registered ${registeredKind(state, key)} '${key}'; delete it first.`,
        );
      }
      return Reflect.defineProperty(target, key, descriptor);
    }
    return assignAttribute(state, key, descriptor.value) || Reflect.defineProperty(target, key, descriptor);
  },
  deleteProperty(target, key) {
    const state = states.get(target);
    if (state !== undefined && typeof key === 'string') forget(state, key);
    return Reflect.deleteProperty(target, key);
  },
};

/**
 * The base class of every layer and model, as PyTorch's `nn.Module`: it owns parameters,
 * buffers and child modules by name, and lists them with dotted names. As in PyTorch, what is
 * assigned to a module registers itself, in assignment order: class fields and `this.x = ...`
 * holding a `Module`, a {@link Parameter} or a {@link Buffer}; reassigning a registered name
 * replaces it (null clears it, `delete` removes it). `registerModule`, `registerParameter` and
 * `registerBuffer` do the same explicitly. Every module is a Proxy that watches assignments and
 * deletions (reads are not intercepted).
 *
 * @example
 * ```ts
 * class Net extends Module {
 *   conv1 = new Conv2d(1, 6, 5, { padding: 2 });
 *   fc = new Linear(6 * 28 * 28, 10);
 *   forward(x: Tensor): Tensor {
 *     return this.fc.forward(this.conv1.forward(x).relu().flatten(1));
 *   }
 * }
 * Object.keys(new Net().stateDict()); // ['conv1.weight', 'conv1.bias', 'fc.weight', 'fc.bias']
 * ```
 */
export abstract class Module {
  /** Whether the module is in training mode (`train()`), or evaluation mode (`eval()`). */
  training = true;

  constructor() {
    const proxy = new Proxy(this, traps);
    const state: ModuleState = {
      target: this,
      parameters: new Map(),
      buffers: new Map(),
      nonPersistent: new Set(),
      modules: new Map(),
    };
    states.set(this, state);
    states.set(proxy, state);
    // biome-ignore lint/correctness/noConstructorReturn: subclasses' fields and `this.x =` must land on the Proxy.
    return proxy;
  }

  /** Computes the module's output. */
  abstract forward(...inputs: never[]): unknown;

  // Static: a Proxy has no private brand of its base class, so private instance members of
  // Module cannot be reached through `this`.
  static #checkName(module: Module, fn: string, kind: 'parameter' | 'buffer' | 'module', name: string): ModuleState {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ArgumentError(
        `${fn}: expected a non-empty name without dots, got '${name}'; dots join the names of nested modules.`,
      );
    }
    const state = stateOf(module);
    const taken = registeredKind(state, name);
    if (taken !== undefined && taken !== kind) {
      throw new ArgumentError(
        `${fn}: '${name}' is already registered as a ${taken} of ${module.constructor.name}; use another name.`,
      );
    }
    if (taken !== undefined) return state;
    const owner = module.constructor.name;
    const own = Reflect.getOwnPropertyDescriptor(state.target, name);
    if (own === undefined && name in state.target) {
      throw new ArgumentError(`${fn}: '${name}' is already a method or property of ${owner}; use another name.`);
    }
    // A field declared without a value holds undefined until the constructor registers it.
    if (own !== undefined && !('value' in own && own.value === undefined)) {
      throw new ArgumentError(
        `${fn}: '${name}' is already an attribute of ${owner}; delete it first, or assign a Module, Parameter or Buffer to it, which registers it.`,
      );
    }
    return state;
  }

  /**
   * Registers `t` as a learnable parameter and returns it as a {@link Parameter}; a plain leaf
   * tensor becomes one in place (it now requires grad and is kept out of `tidy`). `null`
   * reserves the name (optional bias, lazy layers). The parameter is also the attribute `name`.
   *
   * @example
   * ```ts
   * const w = this.registerParameter('weight', randn([4, 3]));
   * ```
   */
  registerParameter(name: string, t: Tensor): Parameter;
  registerParameter(name: string, t: null): null;
  registerParameter(name: string, t: Tensor | null): Parameter | null;
  registerParameter(name: string, t: Tensor | null): Parameter | null {
    const state = Module.#checkName(this, 'registerParameter', 'parameter', name);
    if (t !== null && !(t instanceof Tensor)) {
      throw new ArgumentError(
        `registerParameter: expected a Tensor, a Parameter or null for '${name}', got ${describeValue(t)}.`,
      );
    }
    const p = t === null || t instanceof Parameter ? t : adoptAsParameter('registerParameter', name, t);
    if (p !== null) keep(p);
    state.parameters.set(name, p);
    expose(state, name, p);
    return p;
  }

  /**
   * Registers `t` as a buffer: state that is not learned (BatchNorm's running statistics).
   * Persistent buffers are part of `stateDict()`. The buffer is also the attribute `name`.
   *
   * @example
   * ```ts
   * this.registerBuffer('running_mean', zeros([c]));
   * ```
   */
  registerBuffer<T extends Tensor | null>(name: string, t: T, options: { persistent?: boolean } = {}): T {
    checkOptions('registerBuffer', options, ['persistent']);
    const state = Module.#checkName(this, 'registerBuffer', 'buffer', name);
    if (t !== null && !(t instanceof Tensor)) {
      throw new ArgumentError(`registerBuffer: expected a Tensor or null for '${name}', got ${describeValue(t)}.`);
    }
    setBuffer(state, name, t, options.persistent !== false);
    return t;
  }

  /**
   * Registers a child module; its parameters appear under `name.`. The child is also the
   * attribute `name`.
   *
   * @example
   * ```ts
   * this.registerModule('conv', new Conv2d(1, 6, 5));
   * ```
   */
  registerModule<M extends Module | null>(name: string, module: M): M {
    const state = Module.#checkName(this, 'registerModule', 'module', name);
    if (module !== null && !(module instanceof Module)) {
      throw new ArgumentError(`registerModule: expected a Module or null for '${name}', got ${describeValue(module)}.`);
    }
    state.modules.set(name, module);
    expose(state, name, module);
    return module;
  }

  /** The registered parameter `name` (`null` when reserved or not yet materialised). */
  protected parameter(name: string): Parameter | null {
    return stateOf(this).parameters.get(name) ?? null;
  }

  /** The registered buffer `name` (`null` when reserved or not yet materialised). */
  protected buffer(name: string): Tensor | null {
    return stateOf(this).buffers.get(name) ?? null;
  }

  /** @internal Replaces a registered parameter or buffer tensor (lazy layers materialising). */
  protected setTensor(kind: 'parameter' | 'buffer', name: string, t: Tensor): void {
    if (kind === 'parameter') this.registerParameter(name, t);
    else this.registerBuffer(name, t, { persistent: !stateOf(this).nonPersistent.has(name) });
  }

  /**
   * The direct children with their names.
   *
   * @example
   * ```ts
   * for (const [name, child] of net.namedChildren()) console.log(name);
   * ```
   */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const [name, m] of stateOf(this).modules) {
      if (m === null || seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
    }
    return out;
  }

  /**
   * The direct children.
   *
   * @example
   * ```ts
   * net.children().length;
   * ```
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every descendant with dotted names (`''` for this one); a module reached
   * twice is listed once.
   *
   * @example
   * ```ts
   * net.namedModules().map(([name]) => name); // ['', '0', '1', '2']
   * ```
   */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, name: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([name, module]);
      for (const [childName, child] of stateOf(module).modules) {
        if (child !== null) visit(child, name === '' ? childName : `${name}.${childName}`);
      }
    };
    visit(this, prefix);
    return out;
  }

  /**
   * This module and every descendant.
   *
   * @example
   * ```ts
   * net.modules().filter((m) => m instanceof Linear);
   * ```
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  static #namedTensors(module: Module, kind: 'parameters' | 'buffers', recurse: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? module.namedModules() : [['', module]];
    for (const [prefix, m] of modules) {
      const state = stateOf(m);
      const table: Map<string, Tensor | null> = kind === 'parameters' ? state.parameters : state.buffers;
      for (const [name, t] of table) {
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
      }
    }
    return out;
  }

  /**
   * Every parameter with its dotted name; a tensor shared by two layers (tied weights) is listed
   * once, under its first name.
   *
   * @example
   * ```ts
   * net.namedParameters().map(([name, p]) => `${name} ${p.shape}`);
   * ```
   */
  namedParameters(options: { recurse?: boolean } = {}): [string, Parameter][] {
    checkOptions('namedParameters', options, ['recurse']);
    return Module.#namedTensors(this, 'parameters', options.recurse ?? true) as [string, Parameter][];
  }

  /**
   * Every parameter (what an optimizer updates), each once.
   *
   * @example
   * ```ts
   * const opt = new SGD(net.parameters(), { lr: 0.1 });
   * ```
   */
  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    checkOptions('parameters', options, ['recurse']);
    return this.namedParameters(options).map(([, t]) => t);
  }

  /**
   * Every buffer with its dotted name.
   *
   * @example
   * ```ts
   * bn.namedBuffers().map(([name]) => name); // ['running_mean', 'running_var', 'num_batches_tracked']
   * ```
   */
  namedBuffers(options: { recurse?: boolean } = {}): [string, Tensor][] {
    checkOptions('namedBuffers', options, ['recurse']);
    return Module.#namedTensors(this, 'buffers', options.recurse ?? true);
  }

  /**
   * Every buffer.
   *
   * @example
   * ```ts
   * net.buffers().length;
   * ```
   */
  buffers(options: { recurse?: boolean } = {}): Tensor[] {
    checkOptions('buffers', options, ['recurse']);
    return this.namedBuffers(options).map(([, t]) => t);
  }

  /**
   * Every module under every name it is reachable by, as PyTorch's `named_modules(remove_duplicate=False)`:
   * state dicts keep one key per name, so a layer registered twice (tied weights) is saved and
   * loaded under both, as `torch.save(net.state_dict())` does. A module that contains one of
   * its own ancestors is visited once on that path.
   */
  static #everyNamedModule(root: Module): [string, Module][] {
    const out: [string, Module][] = [];
    const path = new Set<Module>();
    const visit = (module: Module, name: string): void => {
      if (path.has(module)) return;
      path.add(module);
      out.push([name, module]);
      for (const [childName, child] of stateOf(module).modules) {
        if (child !== null) visit(child, name === '' ? childName : `${name}.${childName}`);
      }
      path.delete(module);
    };
    visit(root, '');
    return out;
  }

  /**
   * Parameters and persistent buffers by PyTorch's dotted keys, in PyTorch's order (each
   * module's own parameters, then its buffers, then its children). A layer registered under two
   * names (tied weights) appears under both keys, as in PyTorch. The tensors are the live ones,
   * as in PyTorch; clone them to keep a snapshot.
   *
   * @example
   * ```ts
   * Object.keys(net.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
   * ```
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [prefix, module] of Module.#everyNamedModule(this)) {
      const key = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
      const state = stateOf(module);
      for (const [name, t] of state.parameters) if (t !== null) out[key(name)] ??= t;
      for (const [name, t] of state.buffers) if (t !== null && !state.nonPersistent.has(name)) out[key(name)] ??= t;
    }
    return out;
  }

  /**
   * Copies `stateDict` into this module's parameters and buffers, in place. Every problem —
   * missing keys, unexpected keys (when `strict`), mismatched shapes, mismatched dtypes — is
   * collected and thrown once in a `StateDictError`, before anything is copied, so a failed
   * load changes nothing. Values are never converted silently: integer or bool data (a file's
   * I32, I64, U8 or BOOL tensor) meant for float32 weights is refused, as is float64 for
   * float32; cast explicitly (`sd[key] = sd[key].float()`) when the conversion is intended.
   *
   * @example
   * ```ts
   * net.loadStateDict(await load('lenet.safetensors'));
   * ```
   */
  loadStateDict(stateDict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    checkOptions('loadStateDict', options, ['strict']);
    const strict = options.strict ?? true;
    const own = Module.#stateSlots(this);
    const missingKeys = [...own.keys()].filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !own.has(k));
    const shapeMismatches: string[] = [];
    const dtypeMismatches: string[] = [];
    for (const [key, slot] of own) {
      const value = stateDict[key];
      if (value === undefined) continue;
      if (slot.tensor === null) continue;
      if (formatShape(value.shape) !== formatShape(slot.tensor.shape)) {
        shapeMismatches.push(
          `${key}: expected shape ${formatShape(slot.tensor.shape)}, got ${formatShape(value.shape)}`,
        );
      }
      if (value.dtype !== slot.tensor.dtype)
        dtypeMismatches.push(`${key}: expected ${slot.tensor.dtype}, got ${value.dtype}`);
    }
    const mismatched = shapeMismatches.length > 0 || dtypeMismatches.length > 0;
    if (mismatched || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))) {
      const parts = [
        missingKeys.length ? `missing keys: ${missingKeys.join(', ')}` : '',
        strict && unexpectedKeys.length ? `unexpected keys: ${unexpectedKeys.join(', ')}` : '',
        shapeMismatches.length ? `shape mismatches: ${shapeMismatches.join('; ')}` : '',
        dtypeMismatches.length ? `dtype mismatches: ${dtypeMismatches.join('; ')}` : '',
      ].filter(Boolean);
      const fix = dtypeMismatches.length
        ? ' cast the values first (sd[key] = sd[key].float()) when the conversion is intended;'
        : '';
      throw new StateDictError(
        `loadStateDict: expected a state dict matching ${this.constructor.name}, got ${parts.join('. ')}. Nothing was loaded;${fix} pass { strict: false } to skip missing and unexpected keys.`,
        missingKeys,
        strict ? unexpectedKeys : [],
        shapeMismatches,
        dtypeMismatches,
      );
    }
    noGrad(() => {
      for (const [key, slot] of own) {
        const value = stateDict[key];
        if (value === undefined) continue;
        const moved = value.backend === slot.backend ? value : value.to(slot.backend);
        if (slot.tensor === null) slot.materialize(moved);
        else slot.tensor.copy_(moved);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  static #stateSlots(
    root: Module,
  ): Map<string, { tensor: Tensor | null; backend: string; materialize: (t: Tensor) => void }> {
    const slots = new Map<string, { tensor: Tensor | null; backend: string; materialize: (t: Tensor) => void }>();
    const backendOf = () => root.parameters()[0]?.backend ?? root.buffers()[0]?.backend;
    for (const [prefix, module] of Module.#everyNamedModule(root)) {
      const key = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
      const add = (kind: 'parameter' | 'buffer', name: string, t: Tensor | null) => {
        if (slots.has(key(name))) return;
        slots.set(key(name), {
          tensor: t,
          backend: t?.backend ?? backendOf() ?? 'cpu',
          materialize: (value) => module.setTensor(kind, name, value.clone().detach()),
        });
      };
      const state = stateOf(module);
      for (const [name, t] of state.parameters) if (t !== null || module.isLazy(name)) add('parameter', name, t);
      for (const [name, t] of state.buffers)
        if (!state.nonPersistent.has(name) && (t !== null || module.isLazy(name))) add('buffer', name, t);
    }
    return slots;
  }

  /** @internal Whether the `null` slot `name` is a lazy tensor that a state dict may fill. */
  protected isLazy(_name: string): boolean {
    return false;
  }

  /**
   * Calls `fn` on every child (recursively) and then on this module, as PyTorch's `apply`: the
   * way to initialise a whole network.
   *
   * @example
   * ```ts
   * net.apply((m) => { if (m instanceof Linear) init.normal_(m.weight, 0, 0.01); });
   * ```
   */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Sets training mode on this module and every descendant (Dropout drops, BatchNorm uses batch
   * statistics).
   *
   * @example
   * ```ts
   * net.train();
   * ```
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode: `train(false)`.
   *
   * @example
   * ```ts
   * net.eval();
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Moves every parameter, buffer and gradient to backend `name` in place: the tensor objects
   * stay the same, so optimizers built before the move keep working.
   *
   * @example
   * ```ts
   * net.to('gpu');
   * ```
   */
  to(name: string): this {
    for (const p of this.parameters()) {
      p.moveTo_(name);
      p.grad?.moveTo_(name);
    }
    for (const b of this.buffers()) b.moveTo_(name);
    return this;
  }

  /**
   * Clears every parameter's gradient (disposing it, or zeroing it in place when
   * `setToNone` is false).
   *
   * @example
   * ```ts
   * net.zeroGrad();
   * ```
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    checkOptions('zeroGrad', options, ['setToNone']);
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (options.setToNone ?? true) {
        p.grad.dispose();
        p.grad = null;
      } else {
        p.grad.zero_();
      }
    }
  }

  /**
   * The layer's arguments as PyTorch prints them inside the parentheses
   * (`in_features=4, out_features=8, bias=True`); empty by default.
   *
   * @example
   * ```ts
   * new Linear(4, 8).extraRepr(); // 'in_features=4, out_features=8, bias=True'
   * ```
   */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree as PyTorch prints it.
   *
   * @example
   * ```ts
   * console.log(String(net));
   * // Sequential(
   * //   (0): Linear(in_features=4, out_features=8, bias=True)
   * //   (1): ReLU()
   * // )
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === '' ? [] : extra.split('\n');
    const childLines = [...stateOf(this).modules].map(
      ([name, m]) => `(${name}): ${indent(String(m === null ? 'None' : m))}`,
    );
    const name = this.constructor.name;
    if (extraLines.length === 1 && childLines.length === 0) return `${name}(${extraLines[0]})`;
    const lines = [...extraLines, ...childLines];
    return lines.length === 0 ? `${name}()` : `${name}(\n  ${lines.join('\n  ')}\n)`;
  }

  /** Node's `console.log(net)` and `util.inspect(net)` print the module tree, as {@link toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// PyTorch's `_addindent`: every line after the first is indented by two spaces, blank ones stay empty.
function indent(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() === '' ? line : `  ${line}`))
    .join('\n');
}

/** @internal Throws unless `x` has rank `rank`, naming the layer. */
export function assertRank(layer: string, x: Tensor, ranks: readonly number[], layout: string): void {
  if (!ranks.includes(x.rank)) {
    throw new ShapeError(
      `${layer}: expected input of rank ${ranks.join(' or ')} ${layout}, got shape ${formatShape(x.shape)}.`,
    );
  }
}
