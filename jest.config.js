/**
 * Two jest projects:
 *  - unit: pure code in libs/* and apps/api (no I/O), `*.spec.ts`;
 *  - e2e: test/**\/*.e2e-spec.ts against real PostgreSQL, Meilisearch, Redis and Chromium
 *    started by test/setup/global-setup.ts.
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }];
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
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
