// Three projects: unit specs beside the code (pure logic, no services), the TypeScript client's own
// tests (clients/typescript, its jest.config.cjs) and e2e specs under test/ (real PostgreSQL and
// Redis). e2e tests import the client package as users do, built (`npm test` builds it first).
// ts-jest transpiles only; `npm run typecheck` does the type check once.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
};

module.exports = {
  // A global option: Jest ignores it inside a project. e2e tests wait on real queues and timers.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/drills/**/*.spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
    '<rootDir>/clients/typescript/jest.config.cjs',
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
  ],
};
