import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/env';
import { STACK_VERSIONS, loadStackConfig } from '../../src/config/stack-config';
import { kafkaPom, temporalBuildRecipe } from '../../src/stack/install';
import { kafkaClusterId } from '../../src/stack/services';
import {
  kafkaDataMismatch,
  kafkaDirs,
  recordKafkaFormat,
  writeKafkaFiles,
} from '../../src/stack/kafka-files';

describe('stack versions', () => {
  test('with nothing set the tested defaults apply', () => {
    expect(loadStackConfig({}).versions).toEqual(STACK_VERSIONS);
  });

  test('SYNCHUB_TEMPORAL_CLI_VERSION and SYNCHUB_KAFKA_VERSION pick other releases', () => {
    const config = loadStackConfig({ SYNCHUB_TEMPORAL_CLI_VERSION: '1.9.1', SYNCHUB_KAFKA_VERSION: '3.9.1' });
    expect(config.versions).toEqual({ ...STACK_VERSIONS, temporalCli: '1.9.1', kafka: '3.9.1' });
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

  test('the Temporal CLI is go-installed up to 1.5.x and built from its module copy from 1.6.0 on', () => {
    expect(temporalBuildRecipe('1.5.1')).toBe('go-install');
    expect(temporalBuildRecipe('1.1.1')).toBe('go-install');
    expect(temporalBuildRecipe('1.6.0')).toBe('module-build');
    expect(temporalBuildRecipe('1.9.1')).toBe('module-build');
    expect(temporalBuildRecipe('2.0.0')).toBe('module-build');
  });

  test('Kafka 3.x logs through SLF4J 1.7, 4.x through SLF4J 2, each with its Log4j 2 binding', () => {
    const kafka3 = kafkaPom('3.9.1');
    expect(kafka3).toContain('<artifactId>kafka_2.13</artifactId><version>3.9.1</version>');
    expect(kafka3).toContain('<artifactId>log4j-slf4j-impl</artifactId>');
    expect(kafka3).not.toContain('slf4j2');
    const kafka4 = kafkaPom('4.4.0');
    expect(kafka4).toContain('<artifactId>kafka_2.13</artifactId><version>4.4.0</version>');
    expect(kafka4).toContain('<artifactId>slf4j-api</artifactId><version>2.');
    expect(kafka4).toContain('<artifactId>log4j-slf4j2-impl</artifactId>');
    expect(kafka4).not.toContain('<artifactId>log4j-slf4j-impl</artifactId>');
  });

  describe('Kafka files', () => {
    let stateDir: string;
    beforeEach(() => {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-kafka-files-'));
    });
    afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

    const configFor = (kafka: string) =>
      loadStackConfig({ SYNCHUB_STATE_DIR: stateDir, SYNCHUB_KAFKA_VERSION: kafka });

    test('4.x gets its share-group state topic at replication factor 1; 3.x, which does not know it, does not', () => {
      const properties = (kafka: string) =>
        fs.readFileSync(writeKafkaFiles(configFor(kafka)).properties, 'utf8');
      expect(properties('4.4.0')).toMatch(/^share\.coordinator\.state\.topic\.replication\.factor=1$/m);
      expect(properties('4.4.0')).toMatch(/^share\.coordinator\.state\.topic\.min\.isr=1$/m);
      expect(properties('3.9.1')).not.toMatch(/share\.coordinator/);
      for (const kafka of ['3.9.1', '4.4.0']) {
        expect(properties(kafka)).toMatch(/^offsets\.topic\.replication\.factor=1$/m);
        expect(properties(kafka)).toMatch(/^transaction\.state\.log\.replication\.factor=1$/m);
      }
    });

    test('an older Kafka is refused data formatted by a newer one; newer or equal lines may open it', () => {
      const formatted = (kafka: string) => {
        const dirs = kafkaDirs(configFor(kafka));
        fs.mkdirSync(dirs.data, { recursive: true });
        fs.writeFileSync(path.join(dirs.data, 'meta.properties'), 'version=1\n');
        recordKafkaFormat(configFor(kafka));
      };
      formatted('4.4.0');
      expect(kafkaDataMismatch(configFor('3.9.1'))).toMatch(
        /Kafka 3\.9\.1 cannot read .*formatted by Kafka 4\.4\.0.*SYNCHUB_KAFKA_VERSION/,
      );
      expect(kafkaDataMismatch(configFor('4.4.1'))).toBeUndefined();
      expect(kafkaDataMismatch(configFor('4.5.0'))).toBeUndefined();
      expect(kafkaDataMismatch(configFor('4.3.1'))).toMatch(/cannot read/);
      formatted('3.9.1');
      expect(kafkaDataMismatch(configFor('4.4.0'))).toBeUndefined();
    });

    test('data formatted before the release was recorded is opened as before', () => {
      const dirs = kafkaDirs(configFor('3.9.1'));
      fs.mkdirSync(dirs.data, { recursive: true });
      fs.writeFileSync(path.join(dirs.data, 'meta.properties'), 'version=1\n');
      expect(kafkaDataMismatch(configFor('3.9.1'))).toBeUndefined();
    });
  });

  test('Kafka cluster ids are 22 base64url characters and never look like an option', () => {
    for (let i = 0; i < 2000; i += 1) expect(kafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
