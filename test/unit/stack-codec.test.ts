import { loadConfig } from '../../src/config/app-config';
import { loadStackConfig } from '../../src/config/stack-config';
import { codecServerEnv } from '../../src/stack/services';

describe("the stack's codec server", () => {
  const stack = loadStackConfig({ SYNCHUB_STATE_DIR: '/srv/synchub', SYNCHUB_CODEC_PORT: '18235' });

  test('runs on the stack ports and state, with the keys configured', () => {
    const env = codecServerEnv(stack, { SYNCHUB_CODEC_KEYS_FILE: '/etc/synchub/keys' });
    expect(env).toMatchObject({
      SYNCHUB_LOCAL_STACK: 'true',
      SYNCHUB_STATE_DIR: '/srv/synchub',
      SYNCHUB_CODEC_PORT: '18235',
      SYNCHUB_CODEC_HOST: '127.0.0.1',
    });
    expect(loadConfig(env).temporal.codecKeys).toEqual({ file: '/etc/synchub/keys' });
  });

  test('with encryption off it still runs, on the stack key ring', () => {
    const env = codecServerEnv(stack, { SYNCHUB_CODEC_KEYS: 'off' });
    expect(loadConfig(env).temporal.codecKeys).toEqual({ file: '/srv/synchub/codec-keys', generate: true });
  });
});
