// require() of the published packages from CommonJS: works where Node can require ES modules
// (^20.19, >= 22.12); elsewhere the packages' require target throws the ESM-only error.
try {
  const core = require('@strata/core');
  require('@strata/backend-cpu');
  const { lenet } = require('@strata/models');
  const out = lenet().forward(core.rand([1, 1, 28, 28]));
  console.log(`require: Node ${process.version} loaded @strata/core ${core.VERSION} and ran LeNet: output [${out.shape}]`);
} catch (error) {
  console.log(`require: Node ${process.version}: ${error.code}: ${error.message}`);
  process.exitCode = 3;
}
