/** The chaos tier: one long test with its own stack (it kills and restarts the stack's services). */
module.exports = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testEnvironment: 'node',
  displayName: 'chaos',
  testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
};
