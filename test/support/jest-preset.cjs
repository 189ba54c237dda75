// Shared Jest settings: TypeScript through SWC (decorators + metadata for NestJS),
// and workspace libraries resolved to their sources so tests need no prior build.
const path = require('node:path');
const root = path.resolve(__dirname, '../..');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '/node_modules/(@scure/base|@noble/hashes)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // @scure/base and @noble/hashes 2 (otplib's Base32 and HMAC) ship only ES modules, which Jest on Node 20 cannot require: compile it like our sources.
  transformIgnorePatterns: ['^(?!.*/node_modules/(@scure/base|@noble/hashes)/).*/node_modules/'],
  moduleNameMapper: {
    '^@kizuna/contracts$': `${root}/libs/contracts/src/index.ts`,
    '^@kizuna/engagement$': `${root}/libs/engagement/src/index.ts`,
    '^@kizuna/api-client$': `${root}/libs/api-client/src/index.ts`,
  },
};
