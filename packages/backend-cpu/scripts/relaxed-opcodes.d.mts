/**
 * Rewrites every pre-standard f32x4 fma (0xfd 0xaf 0x01) in the code section of `bytes` to the
 * standard f32x4.relaxed_madd (0xfd 0x85 0x02), in place, and returns how many it rewrote.
 */
export function standardRelaxedOpcodes(bytes: Uint8Array): number;
