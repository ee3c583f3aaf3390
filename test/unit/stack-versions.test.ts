import { ConfigError } from '../../src/config/env';
import { STACK_VERSIONS, loadStackConfig } from '../../src/config/stack-config';

describe('stack versions', () => {
  test('with nothing set the tested defaults apply', () => {
    expect(loadStackConfig({}).versions).toEqual(STACK_VERSIONS);
  });

  test('SYNCHUB_TEMPORAL_CLI_VERSION and SYNCHUB_KAFKA_VERSION pick other releases', () => {
    const config = loadStackConfig({ SYNCHUB_TEMPORAL_CLI_VERSION: '1.9.1', SYNCHUB_KAFKA_VERSION: '3.9.1' });
    expect(config.versions).toEqual({ temporalCli: '1.9.1', kafka: '3.9.1', moto: STACK_VERSIONS.moto });
  });

  test('a version that is no release, or a Kafka line the stack does not know, names the variable', () => {
    expect(() => loadStackConfig({ SYNCHUB_TEMPORAL_CLI_VERSION: 'v1.5.1' })).toThrow(ConfigError);
    expect(() => loadStackConfig({ SYNCHUB_TEMPORAL_CLI_VERSION: 'v1.5.1' })).toThrow(
      /SYNCHUB_TEMPORAL_CLI_VERSION: expected a release version/,
    );
    expect(() => loadStackConfig({ SYNCHUB_KAFKA_VERSION: '2.8.2' })).toThrow(
      /SYNCHUB_KAFKA_VERSION: expected an Apache Kafka release from 3.3.0/,
    );
    expect(() => loadStackConfig({ SYNCHUB_KAFKA_VERSION: '3.2.3' })).toThrow(/SYNCHUB_KAFKA_VERSION/);
    expect(() => loadStackConfig({ SYNCHUB_KAFKA_PORT: '99999' })).toThrow(/SYNCHUB_KAFKA_PORT/);
  });
});
