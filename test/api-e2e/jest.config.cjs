module.exports = {
  ...require('../support/jest-preset.cjs'),
  displayName: 'api-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  globalSetup: '<rootDir>/../support/global-setup.ts',
  globalTeardown: '<rootDir>/../support/global-teardown.ts',
  testTimeout: 60000,
};
