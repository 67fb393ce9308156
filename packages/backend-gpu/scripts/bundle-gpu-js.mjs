// Bundles gpu.js (a devDependency, pinned) into src/vendor/gpu-js.generated.js, one ES module
// with no dependencies, and copies its type declarations beside it; the build copies both into
// dist/vendor/. Shipping gpu.js this way keeps its dependencies out of every install: `webgpu`
// (84 MB of binaries that gpu.js never loads) and `gl`, a native module that needs a C++
// toolchain and X libraries to build. Node users who want headless GL install `gl` themselves
// (an optional peer dependency), which the bundle then loads from the application at run time;
// browsers use WebGL2 and never look for it. See docs/adr/0009-packaging.md.
//
//   node scripts/bundle-gpu-js.mjs          writes src/vendor/gpu-js.generated.{js,d.ts} (git-ignored)
//   node scripts/bundle-gpu-js.mjs --dist   copies them into dist/vendor/ (tsc copies neither)
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'src', 'vendor');
if (process.argv.includes('--dist')) {
  cpSync(outDir, join(root, 'dist', 'vendor'), { recursive: true });
  process.exit(0);
}
const require = createRequire(join(root, 'package.json'));
const gpuJsEntry = require.resolve('gpu.js');
const gpuJsDir = dirname(dirname(gpuJsEntry));
const names = Object.keys(require('gpu.js')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));

// Node built-ins and `gl`, looked up when the bundle runs instead of imported, so that browser
// bundlers have nothing to resolve; `gl` is resolved from the package's own location, where npm
// and pnpm put an application's optional peer dependencies.
const shims = {
  os: `module.exports = globalThis.process?.getBuiltinModule?.('node:os') ?? null;`,
  worker_threads: `module.exports = globalThis.process?.getBuiltinModule?.('node:worker_threads') ?? {};`,
  gl: `const status = require('strata:gl-status');
const moduleApi = globalThis.process?.getBuiltinModule?.('node:module');
let gl = null;
if (moduleApi) {
  try {
    gl = moduleApi.createRequire(strataVendorUrl)('gl');
  } catch (error) {
    status.error = error;
  }
}
module.exports = gl;`,
  // Why \`gl\` did not load, for the backend's error message (glLoadError below).
  'strata:gl-status': 'module.exports = { error: undefined };',
};

const licenses = ['gpu.js', 'acorn', 'gpu-mock.js'].map((name) => {
  const dir = name === 'gpu.js' ? gpuJsDir : dirname(createRequire(gpuJsEntry).resolve(`${name}/package.json`));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return `${name} ${version}\n\n${readFileSync(join(dir, 'LICENSE'), 'utf8').trim()}`;
});

const result = await build({
  stdin: {
    contents: [
      `import lib from ${JSON.stringify(gpuJsEntry)};`,
      `import glStatus from 'strata:gl-status';`,
      `export const { ${names.join(', ')} } = lib;`,
      'export const glLoadError = () => glStatus.error;',
    ].join('\n'),
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['main'],
  minify: true,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
  banner: {
    js: `/*\nThis file bundles the following packages, under their licenses:\n\n${licenses.join('\n\n---\n\n').replaceAll('*/', '* /')}\n*/\nconst strataVendorUrl = import.meta.url;`,
  },
  plugins: [
    {
      name: 'node-shims',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^(os|worker_threads|gl|strata:gl-status)$/ }, (args) => ({ path: args.path, namespace: 'shim' }));
        pluginBuild.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({ contents: shims[args.path], loader: 'js' }));
      },
    },
  ],
});

// A file whose content is unchanged keeps its modification time: the test script regenerates
// these after the build, and the prepack check refuses sources newer than dist/.
function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(`${path}.${process.pid}`, text);
  renameSync(`${path}.${process.pid}`, path);
}

mkdirSync(outDir, { recursive: true });
writeIfChanged(join(outDir, 'gpu-js.generated.js'), result.outputFiles[0].text);
writeIfChanged(
  join(outDir, 'gpu-js.generated.d.ts'),
  `${readFileSync(join(gpuJsDir, 'src', 'index.d.ts'), 'utf8')}\n/** Why the \`gl\` package did not load in Node (\`undefined\` when it did, or was not looked for). */\nexport function glLoadError(): Error | undefined;\n`,
);
console.log(`bundle-gpu-js: gpu.js -> src/vendor/gpu-js.generated.js (${Math.round(result.outputFiles[0].text.length / 1024)} KiB)`);
