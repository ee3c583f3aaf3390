import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionParts, type StackConfig } from '../config/stack-config';
import type { Progress } from './progress';
import { MissingPrerequisiteError, hasCommand, missingPrerequisiteMessage } from './prerequisites';
import { runCommand } from './run-command';

/**
 * Tools live in the cache directory keyed by version, so a fresh checkout (or CI) reuses them. Each is built
 * in a temporary folder and renamed into place, so an interrupted install never leaves a half-built tool.
 */
export interface InstalledTools {
  temporal: string;
  kafkaClasspath: string;
  motoServer: string;
}

export function toolPaths(config: StackConfig): InstalledTools {
  const { cacheDir, versions } = config;
  return {
    temporal: path.join(cacheDir, `temporal-${versions.temporalCli}`, 'temporal'),
    kafkaClasspath: path.join(cacheDir, `kafka-${versions.kafka}`, 'libs'),
    motoServer: path.join(cacheDir, `moto-${versions.moto}`, 'bin', 'moto_server'),
  };
}

async function installInto(finalDir: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  fs.mkdirSync(path.dirname(finalDir), { recursive: true });
  const tmpDir = `${finalDir}.partial-${process.pid}`;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  try {
    await build(tmpDir);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
}

async function installTemporal(config: StackConfig, logFile: string, progress: Progress): Promise<void> {
  const version = config.versions.temporalCli;
  progress(`building the Temporal CLI ${version} from the Go module proxy (first time only, a few minutes)`);
  await installInto(path.join(config.cacheDir, `temporal-${version}`), (tmp) =>
    runCommand('go', ['install', '-ldflags=-s -w', `github.com/temporalio/cli/cmd/temporal@v${version}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: tmp },
      logFile,
    }),
  );
}

/**
 * The broker's runtime jars plus Log4j 2 as its logging backend. Kafka 3.x logs through SLF4J 1.7 (binding
 * `log4j-slf4j-impl`); 4.x runs on SLF4J 2 (binding `log4j-slf4j2-impl`) with the Log4j 2 line its
 * `kafka-server` depends on.
 */
export function kafkaPom(kafkaVersion: string): string {
  const logging =
    versionParts(kafkaVersion)[0] >= 4
      ? [
          ['org.slf4j', 'slf4j-api', '2.0.17'],
          ['org.apache.logging.log4j', 'log4j-core', '2.25.5'],
          ['org.apache.logging.log4j', 'log4j-slf4j2-impl', '2.25.5'],
        ]
      : [
          ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
          ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
        ];
  const dependencies = [['org.apache.kafka', 'kafka_2.13', kafkaVersion], ...logging].map(
    ([group, artifact, version]) =>
      `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`,
  );
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>synchub.stack</groupId><artifactId>kafka-runtime</artifactId><version>${kafkaVersion}</version>
  <dependencies>
${dependencies.join('\n')}
  </dependencies>
</project>
`;
}

async function installKafka(config: StackConfig, logFile: string, progress: Progress): Promise<void> {
  const version = config.versions.kafka;
  progress(`fetching Apache Kafka ${version} jars from Maven Central (first time only)`);
  await installInto(path.join(config.cacheDir, `kafka-${version}`), async (tmp) => {
    fs.writeFileSync(path.join(tmp, 'pom.xml'), kafkaPom(version));
    await runCommand(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(tmp, 'libs')}`,
      ],
      { cwd: tmp, logFile },
    );
  });
}

async function installMoto(config: StackConfig, logFile: string, progress: Progress): Promise<void> {
  const version = config.versions.moto;
  progress(`installing moto ${version} (AWS emulator) from PyPI into a virtualenv (first time only)`);
  const finalDir = path.join(config.cacheDir, `moto-${version}`);
  // A virtualenv records its own path, so it is created in place rather than renamed.
  fs.rmSync(finalDir, { recursive: true, force: true });
  try {
    await runCommand('python3', ['-m', 'venv', finalDir], { logFile });
    await runCommand(path.join(finalDir, 'bin', 'pip'), ['install', '-q', `moto[server]==${version}`], {
      logFile,
    });
  } catch (error) {
    fs.rmSync(finalDir, { recursive: true, force: true });
    throw error;
  }
}

/** Installs whatever is missing, in parallel. */
export async function ensureTools(config: StackConfig, progress: Progress): Promise<InstalledTools> {
  const paths = toolPaths(config);
  const logDir = path.join(config.stateDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const needed = [
    {
      present: fs.existsSync(paths.temporal),
      commands: ['go'],
      install: installTemporal,
      log: 'install-temporal.log',
    },
    {
      present: fs.existsSync(paths.kafkaClasspath),
      commands: ['java', 'mvn'],
      install: installKafka,
      log: 'install-kafka.log',
    },
    {
      present: fs.existsSync(paths.motoServer),
      commands: ['python3'],
      install: installMoto,
      log: 'install-moto.log',
    },
  ].filter((tool) => !tool.present);
  // Running Kafka needs java even when its jars are cached.
  const commands = new Set([...needed.flatMap((tool) => tool.commands), 'java']);
  const missing = [...commands].filter((command) => !hasCommand(command));
  if (missing.length > 0)
    throw new MissingPrerequisiteError(missing.map(missingPrerequisiteMessage).join('\n'));
  const pending = needed.map((tool) => tool.install(config, path.join(logDir, tool.log), progress));
  const results = await Promise.allSettled(pending);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0) throw failures[0]!.reason;
  if (pending.length > 0) progress('tools installed');
  return paths;
}
