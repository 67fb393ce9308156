import type { IKernelRunShortcut, Texture } from './vendor/gpu-js.generated.js';

/** A WebGL texture object as gpu.js keeps it: gpu.js counts the `Texture`s sharing it in `_refs`. */
interface GlHandle {
  _refs?: number;
}

/** The fields of gpu.js's `GLTexture` the pool works with (its public typings leave them out). */
interface GlTexture {
  texture: GlHandle;
  readonly size: readonly [number, number];
  /** The GL internal format: RGBA (float) in WebGL1; in WebGL2 R32F for one value per texel, RGBA32F for four. */
  readonly internalFormat: number;
  _deleted: boolean;
  delete(): void;
}

/** The fields of gpu.js's `WebGLKernel` the pool works with: its output and the rebind flag. */
interface GlKernel {
  texture: GlTexture | null;
  _textureSwitched: boolean;
}

/** WebGL2's one- and two-channel float32 formats; every other format gpu.js uses is RGBA float32. */
const R32F = 0x822e;
const RG32F = 0x8230;

/**
 * GPU bytes of a gpu.js texture: 4 per float32 channel of its format (16 per RGBA texel, 4 per
 * R32F texel of a WebGL2 scalar output).
 *
 * @example
 * ```ts
 * textureBytes(texture); // width * height * 16 in WebGL1
 * ```
 */
export function textureBytes(texture: Texture): number {
  return bytesOf(texture as unknown as GlTexture);
}

/**
 * Where a kernel run drew its output: into a pooled texture of a disposed tensor; into the spare
 * gpu.js keeps for a kernel that reads its own last output (an in-place update such as
 * `p.add_(d)`: the texture of the value it replaced, once that was disposed); again into its own
 * last output (nobody else kept it); or into a GL texture gpu.js created for the run.
 *
 * @example
 * ```ts
 * const { output, outcome } = pool.draw(kernel, () => kernel(...args) as Texture);
 * outcome; // 'allocated' on a kernel's first run
 * ```
 */
export type OutputOutcome = 'pooled' | 'spare' | 'in-place' | 'allocated';

/**
 * Free textures of disposed tensors, kept by texture size for the next kernel output of that
 * size. In pipeline mode with immutable outputs gpu.js hands out each output and, when a caller
 * still holds the previous one, creates a new GL texture for the next run; `draw` instead
 * attaches a pooled texture of the output's size to the kernel before it runs (gpu.js's own
 * `_textureSwitched` path rebinds it to the framebuffer). `release` returns a texture to the pool
 * when no kernel or tensor shares it any more, and deletes it once the pool holds
 * `capacityBytes`.
 *
 * @example
 * ```ts
 * const pool = new TexturePool(1 << 30);
 * const { output } = pool.draw(kernel, () => kernel(...args) as Texture);
 * pool.release(output); // on dispose
 * ```
 */
export class TexturePool {
  readonly capacityBytes: number;
  readonly #free = new Map<string, GlHandle[]>();
  /** GL textures that have held a kernel output; weak, so deleted ones leave with their handles. */
  readonly #drawn = new WeakSet<GlHandle>();
  #bytes = 0;

  constructor(capacityBytes: number) {
    this.capacityBytes = capacityBytes;
  }

  /** Bytes of the textures waiting in the pool. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Runs `shortcut`'s kernel through `run`, first giving it a pooled output texture if its current
   * one is still held elsewhere, and says where the output went. The outcome is read after the
   * run: before it, a kernel whose input is its own last output looks as if it needed a new
   * texture, but gpu.js then draws into the spare it keeps for that case.
   */
  draw(shortcut: IKernelRunShortcut, run: () => Texture): { output: Texture; outcome: OutputOutcome } {
    const kernel = (shortcut as unknown as { kernel: GlKernel }).kernel;
    const pooled = this.#attachPooled(kernel);
    const target = kernel.texture?.texture;
    const output = run();
    const { texture } = output as unknown as GlTexture;
    const fresh = !this.#drawn.has(texture);
    this.#drawn.add(texture);
    if (pooled) return { output, outcome: 'pooled' };
    if (fresh) return { output, outcome: 'allocated' };
    return { output, outcome: texture === target ? 'in-place' : 'spare' };
  }

  #attachPooled(kernel: GlKernel): boolean {
    const output = kernel.texture;
    if (output === null || output === undefined || (output.texture._refs ?? 0) <= 1) return false;
    const free = this.#free.get(key(output));
    const handle = free?.pop();
    if (handle === undefined) return false;
    this.#bytes -= bytesOf(output);
    output.texture._refs = (output.texture._refs ?? 1) - 1;
    handle._refs = 1;
    output.texture = handle;
    kernel._textureSwitched = true;
    return true;
  }

  /**
   * Ends a tensor's hold on `texture`: pools the GL texture when nothing else shares it and the
   * pool has room, else leaves it to gpu.js (which deletes it when its last holder goes).
   */
  release(texture: Texture): void {
    const t = texture as unknown as GlTexture;
    const bytes = bytesOf(t);
    if (t._deleted || t.texture._refs !== 1 || this.#bytes + bytes > this.capacityBytes) {
      t.delete();
      return;
    }
    t._deleted = true;
    t.texture._refs = 0;
    const k = key(t);
    const free = this.#free.get(k);
    if (free === undefined) this.#free.set(k, [t.texture]);
    else free.push(t.texture);
    this.#bytes += bytes;
  }
}

/** Textures are interchangeable when their size and format match (WebGL2 scalar outputs are R32F, packed ones RGBA32F). */
function key({ size, internalFormat }: GlTexture): string {
  return `${size[0]}x${size[1]}:${internalFormat}`;
}

function bytesOf({ size, internalFormat }: GlTexture): number {
  const channels = internalFormat === R32F ? 1 : internalFormat === RG32F ? 2 : 4;
  return size[0] * size[1] * channels * 4;
}
