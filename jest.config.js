// Three projects, each against the real part it names:
//   unit      pure code, no servers
//   workflow  Temporal workflows on the native time-skipping test server
//   e2e       API + worker over HTTP, Temporal dev server, private MariaDB, SMTP catcher
// scripts/test.js starts the servers and passes their addresses in the environment.
const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // @nestjs/terminus 12 ships ES modules only; Node loads them (require(esm)), Jest's CommonJS does not
    '/node_modules/@nestjs/terminus/.+\\.js$': '<rootDir>/test/support/esm-to-cjs.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/terminus/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  // the @banli/* path aliases of tsconfig.json
  moduleNameMapper: {
    '^@banli/(domain|persistence|mail|temporal|config|links|documents)(/.*)?$': '<rootDir>/libs/$1/src$2',
    '^@banli/workflows/(.*)$': '<rootDir>/workflows/$1',
    '^@banli/activities(/.*)?$': '<rootDir>/activities$1',
  },
};
module.exports = {
  testTimeout: 120000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps,activities,workflows,scripts}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...base, displayName: 'workflow', testMatch: ['<rootDir>/test/workflow/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
  ],
};
