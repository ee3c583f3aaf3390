import { sdkLogLevel } from '../../src/workers/temporal-runtime';

test('the worker lifecycle chatter and the activity-only worker warning are debug detail', () => {
  const worker = { sdkComponent: 'worker' };
  expect(sdkLogLevel('INFO', worker, 'Worker state changed')).toBe('DEBUG');
  expect(sdkLogLevel('WARN', worker, 'No workflows registered, not polling for workflow tasks')).toBe(
    'DEBUG',
  );
});

test('other warnings and workflow or activity logs keep their level', () => {
  expect(sdkLogLevel('WARN', { sdkComponent: 'worker' }, 'Activity completion failed')).toBe('WARN');
  expect(sdkLogLevel('INFO', { sdkComponent: 'workflow' }, 'applied')).toBe('INFO');
  expect(sdkLogLevel('WARN', { sdkComponent: 'activity' }, 'No workflows registered')).toBe('WARN');
  expect(sdkLogLevel('ERROR', { sdkComponent: 'worker' }, 'No workflows registered')).toBe('ERROR');
});
