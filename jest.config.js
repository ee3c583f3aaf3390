/** Test tiers as jest projects. The stack-backed tiers share one local stack per run (test/support/global-setup). */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = { transform, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'workflow', testMatch: ['<rootDir>/test/workflow/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'replay', testMatch: ['<rootDir>/test/replay/**/*.test.ts'] },
    // Secure transport: private CAs, mTLS and SASL, each test with brokers or proxies of its own on loopback.
    { ...common, displayName: 'secure', testMatch: ['<rootDir>/test/secure/**/*.test.ts'] },
  ],
};
