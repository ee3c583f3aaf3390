import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackConfig } from '../config/stack-config';
import { runSteps, type Progress } from './progress';
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

async function installTemporal(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.temporalCli;
  await installInto(path.join(config.cacheDir, `temporal-${version}`), (tmp) =>
    runCommand('go', ['install', '-ldflags=-s -w', `github.com/temporalio/cli/cmd/temporal@v${version}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: tmp },
      logFile,
    }),
  );
}

function kafkaPom(kafkaVersion: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>synchub.stack</groupId><artifactId>kafka-runtime</artifactId><version>${kafkaVersion}</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${kafkaVersion}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
`;
}

async function installKafka(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.kafka;
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

async function installMoto(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.moto;
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
      label: `building the Temporal CLI ${config.versions.temporalCli} from the Go module proxy (first run only, a few minutes)`,
      log: 'install-temporal.log',
    },
    {
      present: fs.existsSync(paths.kafkaClasspath),
      commands: ['java', 'mvn'],
      install: installKafka,
      label: `fetching Apache Kafka ${config.versions.kafka} from Maven Central (first run only)`,
      log: 'install-kafka.log',
    },
    {
      present: fs.existsSync(paths.motoServer),
      commands: ['python3'],
      install: installMoto,
      label: `installing moto ${config.versions.moto} (AWS emulator) from PyPI (first run only)`,
      log: 'install-moto.log',
    },
  ].filter((tool) => !tool.present);
  // Running Kafka needs java even when its jars are cached.
  const commands = new Set([...needed.flatMap((tool) => tool.commands), 'java']);
  const missing = [...commands].filter((command) => !hasCommand(command));
  if (missing.length > 0)
    throw new MissingPrerequisiteError(missing.map(missingPrerequisiteMessage).join('\n'));
  await runSteps(
    progress,
    needed.map((tool) => ({
      label: tool.label,
      run: () => tool.install(config, path.join(logDir, tool.log)),
    })),
  );
  return paths;
}
