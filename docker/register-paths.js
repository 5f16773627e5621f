// Resolves the @jiebang/* aliases to the compiled libs in dist/api (the sources use tsconfig paths).
const path = require('node:path');
const tsConfigPaths = require('tsconfig-paths');

const baseUrl = path.resolve(__dirname, '..', 'dist', 'api');
tsConfigPaths.register({
  baseUrl,
  paths: {
    '@jiebang/contracts': ['libs/contracts/src/index.js'],
    '@jiebang/policy': ['libs/policy/src/index.js'],
    '@jiebang/matching': ['libs/matching/src/index.js'],
  },
});
