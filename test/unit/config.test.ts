import { PRODUCT_VERSION } from '../../src/shared/version';
import { loadConfig } from '../../src/config/app-config';
import { ConfigError } from '../../src/config/env';

describe('loadConfig', () => {
  test('with nothing set it points at the embedded local stack', () => {
    const config = loadConfig({});
    expect(config.localStack).toBe(true);
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'synchub',
      tls: false,
    });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.topics).toMatchObject({ material: 'sap.material', salesOrder: 'sap.salesOrder' });
    expect(config.aws.endpoints).toEqual({
      dynamodb: 'http://127.0.0.1:4566',
      sns: 'http://127.0.0.1:4566',
      sqs: 'http://127.0.0.1:4566',
    });
    expect(config.aws.credentials).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
    expect(config.sync.snsTopicArn).toBe('arn:aws:sns:us-east-1:123456789012:synchub-changes');
  });

  test('stack ports move every local default', () => {
    const config = loadConfig({
      SYNCHUB_TEMPORAL_PORT: '17233',
      SYNCHUB_KAFKA_PORT: '19092',
      SYNCHUB_AWS_PORT: '14566',
    });
    expect(config.temporal.address).toBe('127.0.0.1:17233');
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(config.aws.endpoints.sqs).toBe('http://127.0.0.1:14566');
  });

  test('pointed at managed services, it uses them and leaves AWS endpoints to the SDK', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'acme.a1b2c',
      TEMPORAL_API_KEY: 'secret',
      KAFKA_BROKERS: 'b-1.msk:9096, b-2.msk:9096',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'synchub',
      KAFKA_SASL_PASSWORD: 'pw',
      AWS_REGION: 'eu-central-1',
      SYNCHUB_SNS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:111122223333:sap-changes',
    });
    expect(config.localStack).toBe(false);
    expect(config.temporal).toMatchObject({
      address: 'acme.a1b2c.tmprl.cloud:7233',
      apiKey: 'secret',
      tls: true,
    });
    expect(config.kafka).toMatchObject({
      brokers: ['b-1.msk:9096', 'b-2.msk:9096'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'synchub', password: 'pw' },
    });
    expect(config.aws.endpoints).toEqual({ dynamodb: undefined, sns: undefined, sqs: undefined });
    expect(config.aws.credentials).toBeUndefined();
    expect(config.aws.region).toBe('eu-central-1');
  });

  test("payload encryption: the embedded stack's own key ring by default, configured keys, or off", () => {
    const local = loadConfig({ SYNCHUB_STATE_DIR: '/srv/synchub', SYNCHUB_CODEC_PORT: '18235' });
    expect(local.temporal.codecKeys).toEqual({ file: '/srv/synchub/codec-keys', generate: true });
    expect(local.stack.codecPort).toBe(18235);
    expect(loadConfig({ SYNCHUB_CODEC_KEYS: 'off' }).temporal.codecKeys).toBeUndefined();
    expect(loadConfig({ SYNCHUB_CODEC_KEYS_FILE: '/etc/synchub/keys' }).temporal.codecKeys).toEqual({
      file: '/etc/synchub/keys',
    });
    const managed = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      SYNCHUB_SNS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:111122223333:sap-changes',
    });
    expect(managed.temporal.codecKeys).toBeUndefined();
  });

  test('transport: private CAs, server name and mTLS turn TLS on; weakening settings are refused by name', () => {
    const managed = { SYNCHUB_SNS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:111122223333:sap-changes' };
    const temporal = loadConfig({
      ...managed,
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    }).temporal;
    expect(temporal).toMatchObject({
      tls: true,
      serverCaCertPath: '/etc/ca.pem',
      serverName: 'temporal.internal',
    });
    const kafka = loadConfig({
      ...managed,
      KAFKA_BROKERS: 'b-1.msk:9094',
      KAFKA_SSL_CA_PATH: '/etc/ca.pem',
    }).kafka;
    expect(kafka).toMatchObject({ ssl: true, sslFiles: { caPath: '/etc/ca.pem' } });

    const refused = (env: Record<string, string>, message: RegExp) => {
      expect(() => loadConfig({ ...managed, ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ ...managed, ...env })).toThrow(message);
    };
    refused(
      { TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' },
      /TEMPORAL_TLS_CLIENT_CERT_PATH: an mTLS client certificate needs its key/,
    );
    refused(
      { TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/ca.pem' },
      /TEMPORAL_TLS: .* TEMPORAL_TLS is false/,
    );
    refused(
      { KAFKA_BROKERS: 'b:9094', KAFKA_SSL_KEY_PATH: '/k.pem' },
      /KAFKA_SSL_CERT_PATH: a client certificate needs its key/,
    );
    refused(
      { KAFKA_BROKERS: 'b:9094', KAFKA_SSL: 'false', KAFKA_SSL_CA_PATH: '/ca.pem' },
      /KAFKA_SSL is false/,
    );
    const sasl = {
      KAFKA_BROKERS: 'b-1.msk:9096',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'synchub',
      KAFKA_SASL_PASSWORD: 'pw',
    };
    refused(sasl, /KAFKA_SSL: SASL without TLS would send the password/);
    expect(loadConfig({ ...managed, ...sasl, KAFKA_SASL_ALLOW_PLAINTEXT: 'true' }).kafka.ssl).toBe(false);
    expect(loadConfig({ ...managed, ...sasl, KAFKA_BROKERS: '127.0.0.1:9092' }).kafka.ssl).toBe(false);
    refused(
      { AWS_ENDPOINT_URL: 'http://dynamo.internal:8000' },
      /AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL: http:\/\/dynamo.internal:8000 is plain http off loopback/,
    );
    expect(
      loadConfig({ ...managed, AWS_ENDPOINT_URL: 'http://moto:5000', SYNCHUB_AWS_ALLOW_HTTP: 'true' }).aws
        .endpoints.sns,
    ).toBe('http://moto:5000');
    expect(loadConfig({ ...managed, AWS_ENDPOINT_URL: 'https://vpce.internal' }).aws.endpoints.sqs).toBe(
      'https://vpce.internal',
    );
  });

  test('off the local stack the SNS topic ARN is required, and the error names the variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'kafka:9092' })).toThrow(ConfigError);
    expect(() => loadConfig({ KAFKA_BROKERS: 'kafka:9092' })).toThrow(/SYNCHUB_SNS_TOPIC_ARN/);
  });

  test('invalid values are reported together, by variable name', () => {
    let message = '';
    try {
      loadConfig({
        TEMPORAL_ADDRESS: 'no-port',
        AWS_ENDPOINT_URL: 'not a url',
        LOG_LEVEL: 'loud',
        SYNCHUB_SNS_TOPIC_ARN: 'x',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TEMPORAL_ADDRESS: expected host:port/);
    expect(message).toMatch(/AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/SYNCHUB_SNS_TOPIC_ARN: expected an SNS topic ARN/);
  });

  test('each entity type has its topic variable; AWS_REGION wins over AWS_DEFAULT_REGION', () => {
    const config = loadConfig({ SYNCHUB_TOPIC_SALESORDER: 'erp.orders', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(config.kafka.topics).toMatchObject({ salesOrder: 'erp.orders', material: 'sap.material' });
    expect(config.aws.region).toBe('eu-west-1');
    expect(loadConfig({ AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-west-1' }).aws.region).toBe(
      'eu-central-1',
    );
  });

  test('SAP systems: one default system when unset; senders mapped to aliases; mistakes named', () => {
    expect(loadConfig({}).sync.systems).toEqual({ defaultSystem: 'SAP', senders: new Map() });
    const config = loadConfig({
      SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200',
      SYNCHUB_DEFAULT_SAP_SYSTEM: 'ERP',
    });
    expect(config.sync.systems.defaultSystem).toBe('ERP');
    expect(config.sync.systems.senders.get('ECCCLNT200')).toBe('ERP2');
    expect(() => loadConfig({ SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200' })).toThrow(
      /SYNCHUB_SAP_SYSTEMS or SYNCHUB_DEFAULT_SAP_SYSTEM: several systems are configured/,
    );
  });

  test('bad ports and flags are reported by variable name', () => {
    expect(() => loadConfig({ SYNCHUB_KAFKA_PORT: 'abc' })).toThrow(/SYNCHUB_KAFKA_PORT: /);
    expect(() => loadConfig({ SYNCHUB_TEMPORAL_UI_PORT: '70000' })).toThrow(/SYNCHUB_TEMPORAL_UI_PORT: /);
    expect(() => loadConfig({ KAFKA_SSL: 'maybe' })).toThrow(/KAFKA_SSL: expected true or false/);
    expect(() => loadConfig({ TEMPORAL_TLS: 'x' })).toThrow(/TEMPORAL_TLS: expected true or false/);
  });

  test('the HTTP server: port 8080 on loopback by default, any free port, off, and bad values named', () => {
    expect(loadConfig({}).http).toEqual({
      port: 8080,
      host: '127.0.0.1',
      metricsPollMs: 15_000,
      apiKeys: [],
    });
    expect(loadConfig({ SYNCHUB_HTTP_PORT: '0' }).http.port).toBe(0);
    expect(loadConfig({ SYNCHUB_HTTP_PORT: 'off' }).http.port).toBe('off');
    const keys = loadConfig({
      SYNCHUB_API_KEYS: `read+operate:a-key-of-20-chars!!, ingest:sha256:${'ab'.repeat(32)}`,
    }).http.apiKeys;
    expect(keys.map((key) => key.roles)).toEqual([['read', 'operate'], ['ingest']]);
    expect(keys[1]!.sha256.toString('hex')).toBe('ab'.repeat(32));
    expect(() => loadConfig({ SYNCHUB_API_KEYS: 'admin:a-key-of-20-chars!!' })).toThrow(
      /SYNCHUB_API_KEYS: entry 1: unknown role admin \(roles: read, operate, ingest, erase\)/,
    );
    expect(() => loadConfig({ SYNCHUB_API_KEYS: 'read:short' })).toThrow(
      /SYNCHUB_API_KEYS: entry 1: a key needs at least 16/,
    );
    expect(() => loadConfig({ SYNCHUB_API_KEYS: 'read:sha256:abc' })).toThrow(/sha256: needs 64 hex digits/);
    expect(() => loadConfig({ SYNCHUB_HTTP_PORT: 'http' })).toThrow(
      /SYNCHUB_HTTP_PORT: expected a port number, 0 for any free port, or off/,
    );
    expect(() => loadConfig({ SYNCHUB_HTTP_PORT: '70000' })).toThrow(/SYNCHUB_HTTP_PORT: a port is at most/);
  });

  test('input bounds: 16 MiB records and 8 MiB SAP answers by default, set in bytes, named when bad', () => {
    expect(loadConfig({}).kafka.maxRecordBytes).toBe(16_777_216);
    expect(loadConfig({}).sap.maxResponseBytes).toBe(8_388_608);
    const config = loadConfig({
      SYNCHUB_MAX_RECORD_BYTES: '1048576',
      SYNCHUB_SAP_MAX_RESPONSE_BYTES: '65536',
    });
    expect(config.kafka.maxRecordBytes).toBe(1_048_576);
    expect(config.sap.maxResponseBytes).toBe(65_536);
    expect(() => loadConfig({ SYNCHUB_MAX_RECORD_BYTES: '16MiB' })).toThrow(/SYNCHUB_MAX_RECORD_BYTES: /);
    expect(() => loadConfig({ SYNCHUB_SAP_MAX_RESPONSE_BYTES: '0' })).toThrow(
      /SYNCHUB_SAP_MAX_RESPONSE_BYTES: /,
    );
  });

  test('SYNCHUB_LOCAL_STACK accepts only booleans or auto', () => {
    expect(() => loadConfig({ SYNCHUB_LOCAL_STACK: 'maybe' })).toThrow(
      /SYNCHUB_LOCAL_STACK: expected true or false/,
    );
    expect(loadConfig({ SYNCHUB_LOCAL_STACK: 'auto' }).localStack).toBe(true);
  });
});

test('the version the CLI and the API show is the package version', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('../../package.json') as { version: string };
  expect(PRODUCT_VERSION).toBe(version);
});
