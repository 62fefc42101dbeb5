// Lets plain `node` run the bench's TypeScript (and the src/ modules it imports)
// with the project's .swcrc, the same transform jest uses. Bench tooling only.
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { filename, swcrc: true, sourceMaps: 'inline' });
  module._compile(code, filename);
};
