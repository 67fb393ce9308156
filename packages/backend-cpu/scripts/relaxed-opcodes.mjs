// Clang 14 (the pinned toolchain) compiles `__builtin_wasm_fma_f32x4` to the pre-standard opcode
// 0xfd 0xaf 0x01, which no shipping runtime accepts; the standard f32x4.relaxed_madd is
// 0xfd 0x85 0x02, as long and with the same operands. standardRelaxedOpcodes decodes every
// instruction of the code section, so that only opcodes are rewritten, never an immediate or a data
// segment, and it throws on any instruction it does not know rather than guess its length.

const PROTOTYPE_FMA = 0xaf;
const RELAXED_MADD = 0x105;
const CODE_SECTION = 10;

// SIMD opcodes that SIMD128 leaves unassigned: clang 14 puts its other pre-standard relaxed
// instructions there (swizzle, truncations, fms, laneselect, min, max), which have no rewrite here.
const SIMD_GAPS = new Set([
  0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2,
  0xee,
]);

class Reader {
  constructor(bytes, at, end) {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }

  byte() {
    if (this.at >= this.end) throw new Error(`unexpected end of a body at byte ${this.at}`);
    return this.bytes[this.at++];
  }

  u32() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      if (shift >= 28) throw new Error(`a LEB128 longer than 5 bytes at byte ${this.at}`);
    }
  }

  // Signed immediates (constants, block types) are skipped, not read: only their length matters.
  skipLeb() {
    for (let count = 1; (this.byte() & 0x80) !== 0; count++) {
      if (count >= 10) throw new Error(`a LEB128 longer than 10 bytes at byte ${this.at}`);
    }
  }

  skip(count) {
    if (this.at + count > this.end) throw new Error(`unexpected end of a body at byte ${this.at}`);
    this.at += count;
  }

  memarg() {
    this.u32();
    this.u32();
  }
}

function unknown(prefix, code, at) {
  const name = prefix === undefined ? `0x${code.toString(16)}` : `0x${prefix.toString(16)} ${code}`;
  return new Error(`unknown instruction ${name} at byte ${at}`);
}

// Skips one SIMD instruction's immediates; returns true for the pre-standard fma.
function simd(r, code, at) {
  if (code === PROTOTYPE_FMA) return true;
  if (code > 0xff || SIMD_GAPS.has(code)) throw unknown(0xfd, code, at);
  if (code <= 0x0b || code === 0x5c || code === 0x5d) r.memarg();
  else if (code === 0x0c || code === 0x0d) r.skip(16);
  else if (code >= 0x15 && code <= 0x22) r.skip(1);
  else if (code >= 0x54 && code <= 0x5b) {
    r.memarg();
    r.skip(1);
  }
  return false;
}

function bulkMemory(r, code, at) {
  if (code <= 7) return;
  if (code === 8) {
    r.u32();
    r.skip(1);
  } else if (code === 9) r.u32();
  else if (code === 10) r.skip(2);
  else if (code === 11) r.skip(1);
  else throw unknown(0xfc, code, at);
}

function atomic(r, code, at) {
  if (code === 0x03) r.skip(1);
  else if (code <= 0x02 || (code >= 0x10 && code <= 0x4e)) r.memarg();
  else throw unknown(0xfe, code, at);
}

// Skips the immediates of one instruction without a prefix.
function plain(r, op, at) {
  if ((op >= 0x45 && op <= 0xc4) || [0x00, 0x01, 0x05, 0x0b, 0x0f, 0x1a, 0x1b].includes(op)) return;
  if (op >= 0x28 && op <= 0x3e) r.memarg();
  else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x26)) r.u32();
  else if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x41 || op === 0x42) r.skipLeb();
  else if (op === 0x0e) {
    for (let labels = r.u32() + 1; labels > 0; labels--) r.u32();
  } else if (op === 0x11) {
    r.u32();
    r.u32();
  } else if (op === 0x1c) r.skip(r.u32());
  else if (op === 0x3f || op === 0x40) r.skip(1);
  else if (op === 0x43) r.skip(4);
  else if (op === 0x44) r.skip(8);
  else throw unknown(undefined, op, at);
}

// Walks one function body's instructions, returning the offsets of the pre-standard fmas.
function walkBody(r) {
  const found = [];
  for (let groups = r.u32(); groups > 0; groups--) {
    r.u32();
    r.skip(1);
  }
  let last = -1;
  while (r.at < r.end) {
    last = r.at;
    const op = r.byte();
    if (op === 0xfd) {
      if (simd(r, r.u32(), last)) found.push(last);
    } else if (op === 0xfc) bulkMemory(r, r.u32(), last);
    else if (op === 0xfe) atomic(r, r.u32(), last);
    else plain(r, op, last);
  }
  if (last !== r.end - 1 || r.bytes[last] !== 0x0b) {
    throw new Error(`a function body whose last instruction is not 'end', at byte ${r.end}`);
  }
  return found;
}

/**
 * Rewrites every pre-standard f32x4 fma (0xfd 0xaf 0x01) in the code section of `bytes` to the
 * standard f32x4.relaxed_madd (0xfd 0x85 0x02), in place, and returns how many it rewrote.
 * Throws naming the byte on a malformed module or an instruction it cannot decode.
 */
export function standardRelaxedOpcodes(bytes) {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (header.some((b, i) => bytes[i] !== b)) throw new Error('not a WebAssembly 1.0 module');
  let rewritten = 0;
  const module = new Reader(bytes, 8, bytes.length);
  while (module.at < bytes.length) {
    const id = module.byte();
    const size = module.u32();
    const end = module.at + size;
    if (end > bytes.length) throw new Error(`section ${id} runs past the end of the module`);
    if (id === CODE_SECTION) {
      const code = new Reader(bytes, module.at, end);
      for (let functions = code.u32(); functions > 0; functions--) {
        const bodySize = code.u32();
        const body = new Reader(bytes, code.at, code.at + bodySize);
        code.skip(bodySize);
        for (const at of walkBody(body)) {
          if (bytes[at + 1] !== 0xaf || bytes[at + 2] !== 0x01) {
            throw new Error(`the pre-standard fma at byte ${at} is not encoded in two bytes`);
          }
          bytes[at + 1] = (RELAXED_MADD & 0x7f) | 0x80;
          bytes[at + 2] = RELAXED_MADD >> 7;
          rewritten++;
        }
      }
      if (code.at !== end) throw new Error(`the code section has ${end - code.at} bytes after its last function`);
    }
    module.skip(size);
  }
  return rewritten;
}
