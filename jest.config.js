/**
 * Two jest projects:
 *  - unit: pure code in libs/* and apps/api (no I/O), `*.spec.ts`;
 *  - e2e: test/**\/*.e2e-spec.ts against real PostgreSQL, Meilisearch, Redis and Chromium
 *    started by test/setup/global-setup.ts.
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }];
// ESM-only dependencies of otplib (@scure/base, @noble/hashes 2), compiled to CommonJS for jest's runtime; Node
// itself loads them with require(esm). A path is left alone unless its innermost node_modules package is one of them.
const esmOnly = '(@scure/base|@noble/hashes)';
const esmTransform = {
  [`^.+/node_modules/${esmOnly}/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!.*/node_modules/)(?!${esmOnly}/)`];
const moduleNameMapper = {
  '^@jiebang/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@jiebang/policy$': '<rootDir>/libs/policy/src/index.ts',
  '^@jiebang/matching$': '<rootDir>/libs/matching/src/index.ts',
};

module.exports = {
  // Suites that cross a boundary boot real services; a hook may take more than jest's 5 s default.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/src/**/*.spec.ts'],
      transform: { '^.+\\.tsx?$': tsJest, ...esmTransform },
      transformIgnorePatterns,
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.tsx?$': tsJest, ...esmTransform },
      transformIgnorePatterns,
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
