#!/usr/bin/env node
// Makes assets/fashion-mnist-sample/: the first 600 training and the first 100 test images of
// each class, in file order, from the real Fashion-MNIST, as gzipped IDX files with the
// original names. Deterministic: the same input gives byte-identical output.
//
//   node scripts/make-fashion-mnist-sample.mjs [source-dir]   (default /usr/share/datasets/fashion-mnist)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';

const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'fashion-mnist-sample');
const CLASSES = 10;
const splits = [
  { prefix: 'train', perClass: 600 },
  { prefix: 't10k', perClass: 100 },
];

function read(name, magic, rank) {
  const path = [join(source, name), join(source, `${name}.gz`)].find(existsSync);
  if (path === undefined) throw new Error(`make-fashion-mnist-sample: expected ${name}[.gz] in ${source}, got neither`);
  const raw = readFileSync(path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`make-fashion-mnist-sample: expected magic 0x${magic.toString(16)} in ${path}`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * rank) };
}

function idx(magic, dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, d] of dims.entries()) header.writeUInt32BE(d, 4 + 4 * i);
  // mtime 0 and a fixed level keep the gzip bytes reproducible.
  return gzipSync(Buffer.concat([header, data]), { level: constants.Z_BEST_COMPRESSION });
}

mkdirSync(out, { recursive: true });
for (const { prefix, perClass } of splits) {
  const images = read(`${prefix}-images-idx3-ubyte`, 0x803, 3);
  const labels = read(`${prefix}-labels-idx1-ubyte`, 0x801, 1);
  const [, rows, cols] = images.dims;
  const size = rows * cols;
  const taken = new Array(CLASSES).fill(0);
  const picked = [];
  for (let i = 0; i < labels.dims[0] && picked.length < perClass * CLASSES; i++) {
    const label = labels.data[i];
    if (taken[label] < perClass) {
      taken[label]++;
      picked.push(i);
    }
  }
  if (picked.length !== perClass * CLASSES) throw new Error(`make-fashion-mnist-sample: ${prefix} has fewer than ${perClass} images of some class`);
  const imageData = Buffer.alloc(picked.length * size);
  const labelData = Buffer.alloc(picked.length);
  picked.forEach((i, k) => {
    imageData.set(images.data.subarray(i * size, (i + 1) * size), k * size);
    labelData[k] = labels.data[i];
  });
  for (const [name, bytes] of [
    [`${prefix}-images-idx3-ubyte.gz`, idx(0x803, [picked.length, rows, cols], imageData)],
    [`${prefix}-labels-idx1-ubyte.gz`, idx(0x801, [picked.length], labelData)],
  ]) {
    writeFileSync(join(out, name), bytes);
    const md5 = createHash('md5').update(bytes).digest('hex');
    console.log(`${name}: ${picked.length} samples, ${bytes.length} bytes, md5 ${md5}`);
  }
}
