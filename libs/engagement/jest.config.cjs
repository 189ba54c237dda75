module.exports = {
  ...require('../../test/support/jest-preset.cjs'),
  displayName: 'engagement',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
