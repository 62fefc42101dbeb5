/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  // A request that breaks Discord's API contract fails the test that sent it.
  setupFilesAfterEnv: ['<rootDir>/tests/support/request-contract-hook.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  // Open handles are bugs: make jest say so instead of hanging silently.
  detectOpenHandles: false,
  forceExit: false,
};
