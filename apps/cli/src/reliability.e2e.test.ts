import '@strata/backend-cpu';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toSafetensors } from '@strata/nn';
import { loadCheckpoint, saveCheckpoint } from '@strata/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxData } from './__fixtures__/idx-data.js';
import { grayPng } from './__fixtures__/png-file.js';
import { type CliRun, runCli } from './__fixtures__/run-cli.js';
import { DEFAULT_CONFIG } from './run/train-config.js';

// Child processes of the built binary, as a user runs it, on a tiny synthetic data set (64
// training and 32 test images) so each run takes a second or two.
const tmp = (): string => mkdtempSync(join(tmpdir(), 'strata-reliability-'));
const TINY = ['lenet', '--epochs', '1', '--batch-size', '32'];
// Environment with no data set anywhere but where a test puts one (the system directory aside).
const isolated = (): NodeJS.ProcessEnv => ({ STRATA_DATA: tmp(), XDG_CACHE_HOME: tmp() });

/** A usage error: exit code 2 and exactly one line on stderr, `strata: <message>`. */
function expectUsage(result: CliRun, message: string | RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  if (typeof message === 'string') expect(result.stderr).toBe(`strata: ${message}\n`);
  else expect(result.stderr).toMatch(message);
}

let data = '';
let run = '';

beforeAll(async () => {
  data = tmp();
  writeIdxData(data);
  run = join(tmp(), 'run');
  const trained = await runCli(['train', ...TINY, '--data-dir', data, '--out', run]);
  expect(trained.code, trained.stderr).toBe(0);
}, 120_000);

describe('the run directory', () => {
  it('refuses a non-empty --out unless told to resume or overwrite; --overwrite replaces only the run', async () => {
    const before = readFileSync(join(run, 'best.safetensors'));
    const again = await runCli(['train', ...TINY, '--data-dir', data, '--out', run]);
    expectUsage(
      again,
      `expected --out to be a new or empty directory, got '${run}' holding a run (best.safetensors, config.json, curves.png, curves.svg, ...); continue it with --resume ${run}, replace it with --overwrite, or choose another --out.`,
    );
    expect(readFileSync(join(run, 'best.safetensors')).equals(before)).toBe(true);

    const other = tmp();
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expectUsage(
      await runCli(['train', ...TINY, '--data-dir', data, '--out', other]),
      /holding other files \(notes\.txt\)/,
    );
    writeFileSync(join(other, 'metrics.jsonl'), '{"epoch":1}\n{"epoch":2}\n{"epoch":3}\n');
    writeFileSync(join(other, 'last.safetensors.tmp-99999999-abcdef'), 'left by a crash');
    const replaced = await runCli(['train', ...TINY, '--data-dir', data, '--out', other, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readFileSync(join(other, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readdirSync(other)).toContain('notes.txt');
    expect(readdirSync(other).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expectUsage(
      await runCli(['train', '--resume', run, '--overwrite']),
      'expected --resume or --overwrite, got both; --resume continues a run, --overwrite replaces it.',
    );
  });

  it('is locked for the life of a run: a second run exits 1 naming the first; a killed run leaves a lock that is taken over', async () => {
    const dir = join(tmp(), 'locked');
    let first: ChildProcess | undefined;
    const holding = new Promise<void>((resolve) => {
      void runCli(['train', ...TINY, '--data-dir', data, '--out', dir], {
        onStdout: (text, child) => {
          // Frozen once it holds the lock, so the second run meets it whatever the timing.
          if (first === undefined && text.includes('model:')) {
            first = child;
            child.kill('SIGSTOP');
            resolve();
          }
        },
      }).then((done) => expect(done.code, done.stderr).toBe(0));
    });
    await holding;
    const second = await runCli(['train', ...TINY, '--data-dir', data, '--out', dir, '--overwrite']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^strata: RunLockedError: lockRunDir: expected no other run in '${dir}', got one held by process ${first!.pid} on .* \\(strata train \\(--out ${dir}\\), since .*\\); wait for it to end or choose another directory\\.\\n$`,
      ),
    );
    const resumed = await runCli(['train', '--resume', dir]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain(`held by process ${first!.pid}`);
    first!.kill('SIGCONT');

    const killed = join(tmp(), 'killed');
    await runCli(['train', ...TINY, '--data-dir', data, '--out', killed], {
      onStdout: (text, child) => {
        if (text.includes('model:')) child.kill('SIGKILL');
      },
    });
    expect(readdirSync(killed)).toContain('.strata.lock');
    const after = await runCli(['train', ...TINY, '--data-dir', data, '--out', killed, '--overwrite']);
    expect(after.code, after.stderr).toBe(0);
    expect(readdirSync(killed)).not.toContain('.strata.lock');
  });
});

describe('resuming', () => {
  it('refuses an --epochs that changes the learning-rate schedule, for every schedule', async () => {
    for (const scheduler of ['step', 'cosine', 'onecycle']) {
      const dir = tmp();
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...DEFAULT_CONFIG, scheduler, epochs: 3 }));
      expectUsage(
        await runCli(['train', '--resume', dir, '--epochs', '5']),
        `--epochs 5 would change the '${scheduler}' learning-rate schedule of the run in '${dir}', which was built for 3 epochs, and a resumed run continues the schedule it started; resume without --epochs to finish its 3 epochs, or start a new run (--out DIR) with --epochs 5.`,
      );
    }
  });

  it('says when there is no checkpoint yet, and takes a longer --epochs without a schedule', async () => {
    const early = tmp();
    writeFileSync(join(early, 'config.json'), JSON.stringify(DEFAULT_CONFIG));
    expectUsage(
      await runCli(['train', '--resume', early]),
      `expected a checkpoint to resume from in '${early}', got none: the run stopped before the end of its first epoch; start it again with strata train --config ${join(early, 'config.json')} --out ${early} --overwrite.`,
    );
    const longer = join(tmp(), 'longer');
    cpSync(run, longer, { recursive: true });
    const resumed = await runCli(['train', '--resume', longer, '--epochs', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(longer, 'config.json'), 'utf8')).epochs).toBe(2);
    expect(readFileSync(join(longer, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expectUsage(
      await runCli(['train', '--resume', longer, '--epochs', '1']),
      `expected --epochs to be at least the 2 epochs the run in '${longer}' completed, got 1.`,
    );
  });
});

describe('data', () => {
  it('is an error naming the file when found but corrupt, never a fall-back to the sample', async () => {
    const env = isolated();
    writeIdxData(join(env.STRATA_DATA!, 'fashion-mnist'), { label: (i) => (i === 5 ? 200 : i % 10) });
    const labels = join(env.STRATA_DATA!, 'fashion-mnist', 'train-labels-idx1-ubyte.gz');
    const bad = await runCli(['train', ...TINY, '--out', join(tmp(), 'r')], { env });
    expectUsage(
      bad,
      `FashionMNIST: expected labels in 0..9 in ${labels}, got 200 at index 5; the file is corrupt or belongs to another dataset.`,
    );
    expect(bad.stdout).not.toContain('embedded sample');
    const html = join(env.STRATA_DATA!, 'fashion-mnist', 't10k-images-idx3-ubyte.gz');
    writeIdxData(join(env.STRATA_DATA!, 'fashion-mnist'));
    writeFileSync(html, '<html><body>Service Unavailable</body></html>');
    expectUsage(
      await runCli(['eval', join(run, 'best.safetensors')], { env }),
      new RegExp(
        `^strata: parseIdx: expected magic number 0x00000803 \\(IDX images\\) at the start of ${html}, got 0x3c68746d`,
      ),
    );
    const info = await runCli(['info', '--json'], { env });
    expect((JSON.parse(info.stdout) as { datasets: Record<string, string> }).datasets['fashion-mnist']).toMatch(
      /^unusable \(parseIdx: expected magic number 0x00000803/,
    );
    const file = join(tmp(), 'passwd');
    writeFileSync(file, 'root:x:0:0');
    expectUsage(
      await runCli(['train', ...TINY, '--out', join(tmp(), 'r')], { env: { ...env, STRATA_DATA: file } }),
      new RegExp(
        `^strata: FashionMNIST: expected \\$STRATA_DATA ${file}/fashion-mnist to be a readable directory, got ENOTDIR`,
      ),
    );
  });

  it("names each split's source, and refuses images of another size before training", async () => {
    const env = isolated();
    writeIdxData(join(env.STRATA_DATA!, 'fashion-mnist'), { only: 'train' });
    writeIdxData(join(env.XDG_CACHE_HOME!, 'strata', 'fashion-mnist'), { only: 't10k' });
    const mixed = await runCli(['train', ...TINY, '--out', join(tmp(), 'r')], { env });
    expect(mixed.code, mixed.stderr).toBe(0);
    expect(mixed.stdout).toContain(
      `data: training ${join(env.STRATA_DATA!, 'fashion-mnist')} (64 images), test ${join(env.XDG_CACHE_HOME!, 'strata', 'fashion-mnist')} (32 images)\n`,
    );
    const small = tmp();
    writeIdxData(small, { size: 20 });
    const refused = await runCli(['train', ...TINY, '--data-dir', small, '--out', join(tmp(), 'r')]);
    expectUsage(
      refused,
      `expected 28 x 28 images in the training set of ${small}, got 20 x 20; point --data-dir at the original Fashion-MNIST or MNIST files.`,
    );
  });

  it('drops a final batch of one image under BatchNorm, and says so', async () => {
    const odd = tmp();
    writeIdxData(odd, { train: 65 });
    const result = await runCli([
      'train',
      'bn-lenet',
      '--epochs',
      '1',
      '--batch-size',
      '32',
      '--data-dir',
      odd,
      '--out',
      join(tmp(), 'r'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'note: the last training batch would hold 1 image (65 images in batches of 32), which BatchNorm cannot normalize in training mode; it is left out of every epoch\n',
    );
  });

  it('stops at a non-finite loss with exit 1, naming where', async () => {
    const result = await runCli([
      'train',
      ...TINY,
      '--optimizer',
      'sgd',
      '--lr',
      '1e300',
      '--data-dir',
      data,
      '--out',
      join(tmp(), 'r'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /\nstrata: NonFiniteLossError: fit: expected a finite loss, got (NaN|-?Infinity) at epoch 1, batch \d of 2 \(step \d\); the run stopped before writing a checkpoint/,
    );
  });
});

describe('bad values and inputs', () => {
  it('are usage errors of one line, checked before any long work', async () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    const [seed, steps, top, depth, input, emptyOut, unwritable, resize] = await Promise.all([
      runCli(['train', '--seed', '4294967296']),
      runCli(['bench', '--steps', '-1']),
      runCli(['predict', join(run, 'best.safetensors'), 'x.png', '--top', '-2']),
      runCli(['summary', 'lenet', '--depth', '-1']),
      runCli(['summary', 'lenet', '--input', '100000,1,100000,100000']),
      runCli(['train', '--out', '']),
      runCli(['train', ...TINY, '--data-dir', data, '--out', join(file, 'run')]),
      runCli(['train', '--resize', '20000']),
    ]);
    expectUsage(seed, 'expected --seed to be an integer in 0..2147483646, got 4294967296.');
    expectUsage(steps, 'expected --steps to be an integer >= 1, got -1.');
    expectUsage(top, 'expected --top to be an integer >= 1, got -2.');
    expectUsage(depth, 'expected --depth to be an integer >= 1, got -1.');
    expectUsage(
      input,
      /^strata: cannot summarize lenet for input 100000,1,100000,100000: .*ShapeError|^strata: cannot summarize lenet for input 100000,1,100000,100000: /,
    );
    expectUsage(emptyOut, "expected --out to be a directory, got ''.");
    expectUsage(
      unwritable,
      new RegExp(`^strata: expected --out to be a directory strata can create, got '${file}/run'`),
    );
    expect(unwritable.stdout).toBe('');
    expectUsage(resize, 'expected --resize to be an integer in 1..1024, got 20000.');
  });

  it('refuse damaged, foreign or inconsistent checkpoints with one line', async () => {
    const dir = tmp();
    const source = join(run, 'best.safetensors');
    const { model, optimizer, state } = await loadCheckpoint(source);
    const config = JSON.parse(state.metadata.config!) as Record<string, unknown>;
    const variant = async (name: string, edit: Partial<Parameters<typeof saveCheckpoint>[1]>) => {
      const path = join(dir, `${name}.safetensors`);
      await saveCheckpoint(path, { model, optimizer, state, ...edit });
      return path;
    };
    const withConfig = (c: unknown) => ({ state: { ...state, metadata: { config: JSON.stringify(c) } } });
    const notJson = await variant('not-json', { state: { ...state, metadata: { config: '{"model": ' } } });
    const huge = await variant('huge', withConfig({ ...config, resize: 20000 }));
    const ints = await variant('int', {
      model: Object.fromEntries(Object.entries(model).map(([k, t]) => [k, t.dtype === 'float32' ? t.int() : t])),
    });
    const inf = await variant('inf', {
      model: Object.fromEntries(
        Object.entries(model).map(([k, t]) => [k, t.dtype === 'float32' ? t.mul(Infinity) : t]),
      ),
    });
    const training = join(dir, 'training.safetensors');
    writeFileSync(training, toSafetensors(model, { metadata: { 'strata.training': '{"format": 1, "epoch": "x"}' } }));
    const flipped = join(dir, 'flipped.safetensors');
    const bytes = Uint8Array.from(readFileSync(source));
    bytes[bytes.length - 3]! ^= 0x20;
    writeFileSync(flipped, bytes);
    const results = await Promise.all(
      [notJson, huge, ints, inf, training, flipped].map((path) => runCli(['eval', path, '--embedded-sample'])),
    );
    expectUsage(
      results[0]!,
      /^strata: expected the 'config' metadata of '.*not-json\.safetensors' to be a run's config as JSON, got text that does not parse/,
    );
    expectUsage(
      results[1]!,
      /^strata: the run config recorded in '.*huge\.safetensors' is not usable: expected --resize to be an integer in 1\.\.1024, got 20000\.$/m,
    );
    expectUsage(
      results[2]!,
      /does not fit model lenet \(width ratio 1\): loadStateDict: .*dtype mismatches: 0\.weight: expected float32, got int32/,
    );
    expectUsage(
      results[3]!,
      /^strata: expected a checkpoint written by strata train: loadCheckpoint: expected finite model weights in '.*inf\.safetensors', got (-)?Infinity/,
    );
    expectUsage(
      results[4]!,
      /^strata: expected a checkpoint written by strata train: loadCheckpoint: expected the training state in '.*training\.safetensors' to have epoch as an integer >= 0, got "x"/,
    );
    expectUsage(
      results[5]!,
      /^strata: expected a checkpoint written by strata train: loadCheckpoint: expected a strata checkpoint at '.*flipped\.safetensors', got a damaged file: .*CRC-32/,
    );
  });

  it('eval: needs only the test split, reads local sources, and checks --image first', async () => {
    const testOnly = tmp();
    writeIdxData(testOnly, { only: 't10k' });
    const image = join(tmp(), 'c.svg');
    const evaluated = await runCli(['eval', join(run, 'best.safetensors'), '--data-dir', testOnly, '--image', image]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain(`data: ${testOnly} (32 test images)`);
    expect(readFileSync(image, 'utf8')).toContain('<svg');
    // The run recorded --data-dir; eval reads this machine's places instead, and names none of the run's.
    const env = isolated();
    writeIdxData(join(env.STRATA_DATA!, 'fashion-mnist'), { only: 't10k' });
    const local = await runCli(['eval', join(run, 'best.safetensors'), '--image', join(tmp(), 'c.png')], { env });
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain(`data: ${join(env.STRATA_DATA!, 'fashion-mnist')} (32 test images)`);
    expect(local.stdout + local.stderr).not.toContain(data);
    expectUsage(
      await runCli(['eval', join(run, 'best.safetensors'), '--image', 'foo.txt']),
      "expected --image to name a .png or .svg file, got 'foo.txt'.",
    );
    expectUsage(
      await runCli(['eval', join(run, 'best.safetensors'), '--image', join(run, 'missing', 'c.png')]),
      `cannot write the confusion matrix into '${join(run, 'missing')}' (ENOENT); pass --image with a path in a writable directory.`,
    );
    expect(existsSync('foo.txt')).toBe(false);
  });

  it('predict: refuses a huge image from its header and a truncated one, and --max-pixels raises the limit', async () => {
    const dir = tmp();
    const bomb = join(dir, 'bomb.png');
    writeFileSync(bomb, grayPng(20000, 20000, { rows: 0 }));
    const short = join(dir, 'short.png');
    writeFileSync(short, grayPng(28, 28, { rows: 3 }));
    const whole = join(dir, 'whole.png');
    writeFileSync(whole, grayPng(30, 30));
    const best = join(run, 'best.safetensors');
    const [huge, cut, limited, raised] = await Promise.all([
      runCli(['predict', best, bomb]),
      runCli(['predict', best, short]),
      runCli(['predict', best, whole, '--max-pixels', '899']),
      runCli(['predict', best, whole, '--max-pixels', '900']),
    ]);
    expectUsage(
      huge,
      `cannot read image '${bomb}': it is 20000 x 20000 = 400,000,000 pixels, more than the limit of 50,000,000; pass a larger --max-pixels to read it anyway.`,
    );
    expectUsage(cut, /its pixel data stops short, 87 of the 812 bytes a 28 x 28 image needs \(3 of its 28 rows\)/);
    expectUsage(limited, /it is 30 x 30 = 900 pixels, more than the limit of 899/);
    expect(raised.code, raised.stderr).toBe(0);
  });
});
