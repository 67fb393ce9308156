import {
  ArgumentError,
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type DataId,
  DisposedError,
  type DType,
  makeTypedArray,
  type Shape,
  ShapeError,
  sizeFromShape,
  type TensorInfo,
  type TypedArray,
} from '@strata/core';
import type { GPU, IKernelRunShortcut, Texture } from 'gpu.js';
import { createGpu, defaultGpuMode, type GpuMode } from './gpu-context.js';
import { TexturePool, textureBytes } from './texture-pool.js';

/** Every float in a texture holds one element; indices are float32 in GLSL, exact below 2^24. */
const MAX_ELEMENTS = 2 ** 24;
/** Default bound on the bytes of free textures kept for reuse. */
const DEFAULT_POOL_BYTES = 2 ** 30;

/**
 * Options of a {@link GpuBackend}.
 *
 * @example
 * ```ts
 * new GpuBackend('gpu', 'headlessgl', { poolBytes: 256 * 2 ** 20 });
 * ```
 */
export interface GpuBackendOptions {
  /** Most bytes of disposed tensors' textures kept for reuse (1 GiB by default); 0 turns pooling off. */
  readonly poolBytes?: number;
}

/**
 * Counts of host-GPU traffic and kernel compilation since the backend started.
 *
 * @example
 * ```ts
 * const { readbacks, uploads, compiles, compileMs } = backend.stats();
 * ```
 */
export interface GpuStats {
  /** Buffers copied from the host to a texture (`write`). */
  readonly uploads: number;
  /** Textures read back to the host (`read`/`readSync` of a buffer with no host copy). */
  readonly readbacks: number;
  /** Kernel programs run. */
  readonly kernelRuns: number;
  /** Distinct programs compiled (each is cached by its source, which holds shapes and dtypes). */
  readonly compiles: number;
  /** Milliseconds spent in first runs of new programs, where gpu.js compiles them. */
  readonly compileMs: number;
  /** Kernel outputs that needed a newly allocated GL texture (none in a warmed-up training loop). */
  readonly texturesAllocated: number;
  /** Kernel outputs drawn into a pooled texture of a disposed tensor. */
  readonly texturesReused: number;
  /** Bytes of free textures waiting in the pool (not counted in `memory()`). */
  readonly pooledBytes: number;
}

interface GpuBuffer {
  /** null for empty tensors, which need no texture. */
  texture: Texture | null;
  readonly size: number;
  readonly dtype: DType;
  readonly bytes: number;
  /** The values as written from the host, kept for int32/bool so index checks read no texture. */
  readonly host: TypedArray | null;
}

/**
 * One program run: gpu.js source of a kernel function over the flat output index
 * `this.thread.x`, the output element count and the tensors passed as its arguments (in order).
 *
 * @example
 * ```ts
 * backend.runProgram({ source: 'function(x) { return x[this.thread.x] * 2; }', inputs: [x] }, x.shape, 'float32');
 * ```
 */
export interface GpuProgram {
  readonly source: string;
  readonly inputs: readonly TensorInfo[];
}

/**
 * The GPU backend: each buffer is a gpu.js texture that stays on the GPU between kernels
 * (pipeline mode with immutable outputs); only `read`/`readSync` bring values back. Every kernel
 * is a generated gpu.js program compiled once per source (which spells out the shapes) and
 * cached. Tensors are laid out flat; gpu.js places a flat output in a near-square texture, so a
 * tensor is bounded by 2^24 elements (exact float32 indexing), not by the texture width.
 *
 * @example
 * ```ts
 * const backend = new GpuBackend();
 * const id = backend.write(new Float32Array([1, 2]), [2], 'float32');
 * backend.readSync(id); // Float32Array [1, 2]
 * ```
 */
export class GpuBackend implements Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities = {
    dtypes: ['float32', 'int32', 'bool'],
    floatPrecision: 32,
    syncRead: true,
    maxTensorSize: MAX_ELEMENTS,
  };
  readonly mode: GpuMode;
  readonly #gpu: GPU;
  readonly #buffers = new Map<DataId, GpuBuffer>();
  readonly #kernels = new Map<string, IKernelRunShortcut>();
  readonly #pool: TexturePool;
  #bytes = 0;
  #allocated = 0;
  #reused = 0;
  #uploads = 0;
  #readbacks = 0;
  #kernelRuns = 0;
  #compileMs = 0;

  /** `name` is the registered name; `mode` defaults to `headlessgl` in Node, `webgl2` in browsers. */
  constructor(name = 'gpu', mode: GpuMode = defaultGpuMode(), options: GpuBackendOptions = {}) {
    const poolBytes = options.poolBytes ?? DEFAULT_POOL_BYTES;
    if (!Number.isFinite(poolBytes) || poolBytes < 0) {
      throw new ArgumentError(`gpu backend: expected options.poolBytes to be a byte count >= 0, got ${poolBytes}.`);
    }
    this.name = name;
    this.mode = mode;
    this.#gpu = createGpu(mode);
    this.#pool = new TexturePool(poolBytes);
  }

  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const size = values.length;
    this.checkSize('write', shape);
    const host = dtype === 'float32' ? null : makeTypedArray(dtype, size);
    host?.set(values);
    let texture: Texture | null = null;
    if (size > 0) {
      const floats = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
      texture = this.run('function(v) { return v[this.thread.x]; }', size, [floats]);
      this.#uploads++;
    }
    return this.store(texture, size, dtype, host);
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  readSync(dataId: DataId): TypedArray {
    const buffer = this.buffer(dataId);
    if (buffer.host !== null) return buffer.host.slice();
    const out = makeTypedArray(buffer.dtype, buffer.size);
    if (buffer.texture === null) return out;
    this.#readbacks++;
    const values = buffer.texture.toArray() as Float32Array | Float32Array[];
    // A packed buffer reads back as one 4-vector per texel.
    const floats = values instanceof Float32Array ? values : Float32Array.from(values.flatMap((v) => Array.from(v)));
    if (buffer.dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = floats[i]! !== 0 ? 1 : 0;
    else out.set(floats.subarray(0, buffer.size));
    return out;
  }

  disposeData(dataId: DataId): void {
    const buffer = this.#buffers.get(dataId);
    if (buffer === undefined) return;
    if (buffer.texture !== null) this.#pool.release(buffer.texture);
    this.#bytes -= buffer.bytes;
    this.#buffers.delete(dataId);
  }

  memory(): BackendMemory {
    return { bytes: this.#bytes, buffers: this.#buffers.size };
  }

  /**
   * Uploads, readbacks, kernel runs and compilations so far; tests and benchmarks difference two
   * snapshots.
   *
   * @example
   * ```ts
   * const before = backend.stats();
   * step();
   * backend.stats().readbacks - before.readbacks; // 0
   * ```
   */
  stats(): GpuStats {
    return {
      uploads: this.#uploads,
      readbacks: this.#readbacks,
      kernelRuns: this.#kernelRuns,
      compiles: this.#kernels.size,
      compileMs: this.#compileMs,
      texturesAllocated: this.#allocated,
      texturesReused: this.#reused,
      pooledBytes: this.#pool.bytes,
    };
  }

  /**
   * Runs `program` into a new buffer of `shape` and `dtype`. Empty outputs run nothing.
   *
   * @example
   * ```ts
   * return backend.runProgram({ source, inputs: [x] }, x.shape, x.dtype);
   * ```
   */
  runProgram(program: GpuProgram, shape: Shape, dtype: DType): TensorInfo {
    const size = this.checkSize('kernel output', shape);
    let texture: Texture | null = null;
    if (size > 0) {
      const args = program.inputs.map((info) => this.textureOf(info));
      texture = this.run(program.source, size, args);
    }
    return { dataId: this.store(texture, size, dtype, null), shape: [...shape], dtype };
  }

  /**
   * Runs `program`, whose source returns four values per thread (`return [a, b, c, d];`), over
   * `texels` threads into a packed buffer of shape `[texels, 4]`: one RGBA texel per thread, so a
   * later program reads all four with one texture fetch (`let v = p[i];` then `v[0]` ... `v[3]`).
   * Kernels use packed buffers as scratch layouts (a convolution's input windows, its filter)
   * and dispose them; reading one back gives its values texel by texel.
   *
   * @example
   * ```ts
   * const packed = backend.runPackedProgram({ source: 'function(x) { let i = this.thread.x * 4.0; return [x[i], x[i + 1.0], x[i + 2.0], x[i + 3.0]]; }', inputs: [x] }, 8);
   * ```
   */
  runPackedProgram(program: GpuProgram, texels: number): TensorInfo {
    // Programs index packed buffers by texel, so the 2^24 bound is on texels.
    this.checkSize('packed kernel output (texels)', [texels]);
    const shape = [texels, 4];
    const args = program.inputs.map((info) => this.textureOf(info));
    const texture = texels > 0 ? this.run(program.source, texels, args) : null;
    return { dataId: this.store(texture, texels * 4, 'float32', null), shape, dtype: 'float32' };
  }

  /** Runs the program `source` over `size` elements, compiling it on first use, into a pooled texture when one is free. */
  private run(source: string, size: number, args: readonly (Texture | Float32Array)[]): Texture {
    const key = `${size}:${source}`;
    let kernel = this.#kernels.get(key);
    const compiling = kernel === undefined;
    if (kernel === undefined) {
      kernel = this.#gpu.createKernel(source, {
        output: [size],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: false,
      });
      this.#kernels.set(key, kernel);
    }
    const outcome = this.#pool.prepare(kernel);
    if (outcome === 'allocated') this.#allocated++;
    else if (outcome === 'pooled') this.#reused++;
    // gpu.js compiles on the first call; time it there.
    const start = compiling ? performance.now() : 0;
    const out = kernel(...(args as Parameters<IKernelRunShortcut>)) as Texture;
    if (compiling) this.#compileMs += performance.now() - start;
    this.#kernelRuns++;
    return out;
  }

  private textureOf(info: TensorInfo): Texture {
    const buffer = this.buffer(info.dataId);
    if (buffer.texture === null) {
      throw new ShapeError('gpu backend: a kernel was given an empty tensor as input; the kernel must skip empty inputs.');
    }
    return buffer.texture;
  }

  private buffer(dataId: DataId): GpuBuffer {
    const buffer = this.#buffers.get(dataId);
    if (buffer === undefined) {
      throw new DisposedError(
        `${this.name} backend: expected a live buffer of this backend, got a disposed one or one from another backend.`,
      );
    }
    return buffer;
  }

  private checkSize(where: string, shape: Shape): number {
    const size = sizeFromShape(shape);
    if (size > MAX_ELEMENTS) {
      throw new ShapeError(
        `${this.name} backend ${where}: expected at most 2^24 (${MAX_ELEMENTS}) elements per tensor, got shape [${shape.join(', ')}] (${size}); split the batch into smaller ones.`,
      );
    }
    return size;
  }

  private store(texture: Texture | null, size: number, dtype: DType, host: TypedArray | null): DataId {
    const dataId: DataId = {};
    const bytes = texture === null ? 0 : textureBytes(texture);
    this.#buffers.set(dataId, { texture, size, dtype, bytes, host });
    this.#bytes += bytes;
    return dataId;
  }
}
