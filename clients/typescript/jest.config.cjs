// The package's unit tests: pure logic on a fake clock and a fake fetch, plus the built package's
// shape (ESM and CommonJS entry points). Run by `npm test` here and by the repository's `npm test`.
module.exports = {
  displayName: 'client',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Sources import each other as './x.js' (what ES modules need); Jest finds the .ts behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
};
