import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionParts, type StackConfig } from '../config/stack-config';

export function kafkaDirs(config: StackConfig) {
  const root = path.join(config.stateDir, 'kafka');
  return {
    root,
    data: path.join(root, 'data'),
    properties: path.join(root, 'server.properties'),
    log4j: path.join(root, 'log4j2.properties'),
    /** The Kafka release that formatted the data directory. */
    formattedBy: path.join(root, 'formatted-by-version'),
  };
}

/**
 * What every single-node KRaft broker+controller here shares, whatever its listeners: every internal topic at
 * replication factor 1, no topic created by a client, room for large IDocs. `controller.quorum.voters` (a
 * static quorum) works on every release the stack runs, 3.3 to 4.x, without `--standalone` at format time.
 */
export function singleNodeKafkaSettings(options: {
  kafkaVersion: string;
  dataDir: string;
  controllerAddress: string;
}): string[] {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${options.controllerAddress}`,
    'controller.listener.names=CONTROLLER',
    `log.dirs=${options.dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Share groups (4.x) keep their state in an internal topic of their own; 3.x does not know the keys.
    ...(versionParts(options.kafkaVersion)[0] >= 4
      ? ['share.coordinator.state.topic.replication.factor=1', 'share.coordinator.state.topic.min.isr=1']
      : []),
    'min.insync.replicas=1',
    'default.replication.factor=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // Large IDocs (claim-checked further on) must fit through the broker.
    'message.max.bytes=16777216',
    'replica.fetch.max.bytes=16777216',
    'log.retention.hours=168',
  ];
}

/** Log4j 2 configuration of a broker: warnings, and the line saying it started. */
export const kafkaLog4jProperties = [
  'status = warn',
  // Kafka's own shutdown hook still logs while the JVM exits; Log4j's hook would only add a warning then.
  'shutdownHook = disable',
  'appender.console.type = Console',
  'appender.console.name = STDOUT',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = WARN',
  'rootLogger.appenderRef.stdout.ref = STDOUT',
  'logger.kafka.name = kafka',
  'logger.kafka.level = WARN',
  'logger.server.name = kafka.server.KafkaRaftServer',
  'logger.server.level = INFO',
  '',
].join('\n');

/** Single-node KRaft broker+controller on loopback; every internal topic at replication factor 1. */
export function writeKafkaFiles(config: StackConfig): ReturnType<typeof kafkaDirs> {
  const dirs = kafkaDirs(config);
  fs.mkdirSync(dirs.data, { recursive: true });
  const host = config.host;
  fs.writeFileSync(
    dirs.properties,
    [
      `listeners=PLAINTEXT://${host}:${config.kafkaPort},CONTROLLER://${host}:${config.kafkaControllerPort}`,
      `advertised.listeners=PLAINTEXT://${host}:${config.kafkaPort}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      ...singleNodeKafkaSettings({
        kafkaVersion: config.versions.kafka,
        dataDir: dirs.data,
        controllerAddress: `${host}:${config.kafkaControllerPort}`,
      }),
      '',
    ].join('\n'),
  );
  fs.writeFileSync(dirs.log4j, kafkaLog4jProperties);
  return dirs;
}

export function isKafkaFormatted(config: StackConfig): boolean {
  return fs.existsSync(path.join(kafkaDirs(config).data, 'meta.properties'));
}

/** Notes which Kafka release formatted the data directory (its metadata version is that release's). */
export function recordKafkaFormat(config: StackConfig): void {
  fs.writeFileSync(kafkaDirs(config).formattedBy, `${config.versions.kafka}\n`);
}

/**
 * Why the configured Kafka cannot open the data directory, if it cannot: a release older than the one that
 * formatted it does not know that metadata version. Newer releases read older data.
 */
export function kafkaDataMismatch(config: StackConfig): string | undefined {
  const dirs = kafkaDirs(config);
  if (!isKafkaFormatted(config) || !fs.existsSync(dirs.formattedBy)) return undefined;
  const formattedBy = fs.readFileSync(dirs.formattedBy, 'utf8').trim();
  const [major, minor] = versionParts(config.versions.kafka);
  const [dataMajor, dataMinor] = versionParts(formattedBy);
  if (major > dataMajor || (major === dataMajor && minor >= dataMinor)) return undefined;
  return (
    `Kafka ${config.versions.kafka} cannot read ${dirs.data}, formatted by Kafka ${formattedBy}: ` +
    `use Kafka ${formattedBy} or newer (SYNCHUB_KAFKA_VERSION), another SYNCHUB_STATE_DIR, or remove ${dirs.root} to start with no topics`
  );
}
