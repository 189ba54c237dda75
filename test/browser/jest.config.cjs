module.exports = {
  ...require('../support/jest-preset.cjs'),
  displayName: 'browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 1,
};
