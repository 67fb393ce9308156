/**
 * @internal The `__metadata__` key under which strata writes the CRC-32 of a safetensors file's
 * tensor data (8 lowercase hex digits), and which its readers verify when present. Metadata maps
 * strings to strings, so the file stays what PyTorch's `safetensors` reads and writes.
 */
export const CHECKSUM_KEY = 'strata.crc32';
