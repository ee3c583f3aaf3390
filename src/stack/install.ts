import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionParts, type StackConfig } from '../config/stack-config';
import { runSteps, type Progress } from './progress';
import { MissingPrerequisiteError, hasCommand, missingPrerequisiteMessage } from './prerequisites';
import { CommandFailedError, commandOutput, runCommand } from './run-command';

/**
 * Tools live in the cache directory keyed by version, so a fresh checkout (or CI) reuses them. Each is built
 * in a temporary folder and renamed into place, so an interrupted install never leaves a half-built tool.
 */
export interface InstalledTools {
  temporal: string;
  kafkaClasspath: string;
  motoServer: string;
  ministack: string;
}

export function toolPaths(config: StackConfig): InstalledTools {
  const { cacheDir, versions } = config;
  return {
    temporal: path.join(cacheDir, `temporal-${versions.temporalCli}`, 'temporal'),
    kafkaClasspath: path.join(cacheDir, `kafka-${versions.kafka}`, 'libs'),
    motoServer: path.join(cacheDir, `moto-${versions.moto}`, 'bin', 'moto_server'),
    ministack: path.join(cacheDir, `ministack-${versions.ministack}`, 'bin', 'python3'),
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

const CLI_MODULE = 'github.com/temporalio/cli';
const CLIEXT_MODULE = `${CLI_MODULE}/cliext`;

/**
 * How a Temporal CLI release is built. Up to 1.5.x `go install module/cmd/temporal@version` does it. From 1.6.0
 * on the CLI's go.mod replaces its nested module `cliext` by a local path, which `go install` refuses, and a
 * module download leaves nested modules out; so the module is downloaded, the replace dropped, `cliext` required
 * at the release's commit, and `./cmd/temporal` built in the copy.
 */
export function temporalBuildRecipe(version: string): 'go-install' | 'module-build' {
  const [major, minor] = versionParts(version);
  return major === 1 && minor <= 5 ? 'go-install' : 'module-build';
}

async function buildTemporalFromModule(
  version: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<void> {
  const downloaded = JSON.parse(
    await commandOutput('go', ['mod', 'download', '-json', `${CLI_MODULE}@v${version}`], { env, logFile }),
  ) as { Dir: string; Info: string };
  const info = JSON.parse(fs.readFileSync(downloaded.Info, 'utf8')) as { Origin?: { Hash?: string } };
  const commit = info.Origin?.Hash;
  if (!commit) {
    throw new CommandFailedError(
      `the Go module proxy does not record the commit of ${CLI_MODULE} v${version}, so its nested module ${CLIEXT_MODULE} cannot be required at that commit`,
    );
  }
  const src = path.join(outDir, 'src');
  fs.cpSync(downloaded.Dir, src, { recursive: true });
  // The module cache is read-only; the copy is edited.
  fs.chmodSync(src, 0o755);
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
  const inSrc = { cwd: src, env, logFile };
  await runCommand(
    'go',
    ['mod', 'edit', `-dropreplace=${CLIEXT_MODULE}`, `-droprequire=${CLIEXT_MODULE}`],
    inSrc,
  );
  try {
    await runCommand('go', ['get', `${CLIEXT_MODULE}@${commit}`], inSrc);
  } catch (error) {
    throw new CommandFailedError(
      `Temporal CLI ${version} needs its nested module ${CLIEXT_MODULE} at commit ${commit.slice(0, 12)}, which the Go module proxy did not serve (see GOPROXY in go env); ` +
        `use a proxy that serves it, or the tested CLI (unset SYNCHUB_TEMPORAL_CLI_VERSION). ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await runCommand(
    'go',
    [
      'build',
      '-trimpath',
      `-ldflags=-s -w -X ${CLI_MODULE}/internal/temporalcli.Version=${version}`,
      '-o',
      path.join(outDir, 'temporal'),
      './cmd/temporal',
    ],
    inSrc,
  );
  fs.rmSync(src, { recursive: true, force: true });
}

async function installTemporal(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.temporalCli;
  await installInto(path.join(config.cacheDir, `temporal-${version}`), (tmp) => {
    const env = { ...process.env, CGO_ENABLED: '0' };
    if (temporalBuildRecipe(version) === 'module-build') {
      return buildTemporalFromModule(version, tmp, env, logFile);
    }
    return runCommand('go', ['install', '-ldflags=-s -w', `${CLI_MODULE}/cmd/temporal@v${version}`], {
      env: { ...env, GOBIN: tmp },
      logFile,
    });
  });
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

/** A Python tool from PyPI in a virtualenv of its own, in the cache keyed by version. */
async function installPythonTool(finalDir: string, requirement: string, logFile: string): Promise<void> {
  // A virtualenv records its own path, so it is created in place rather than renamed.
  fs.rmSync(finalDir, { recursive: true, force: true });
  try {
    await runCommand('python3', ['-m', 'venv', finalDir], { logFile });
    await runCommand(path.join(finalDir, 'bin', 'pip'), ['install', '-q', requirement], { logFile });
  } catch (error) {
    fs.rmSync(finalDir, { recursive: true, force: true });
    throw error;
  }
}

async function installMoto(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.moto;
  await installPythonTool(path.join(config.cacheDir, `moto-${version}`), `moto[server]==${version}`, logFile);
}

/**
 * moto's server, installed into the cache like the stack's own emulator when missing: for a dedicated
 * emulator of its own, e.g. one whose IAM enforcement (process-wide) must not touch the shared stack.
 */
export async function ensureMotoServer(config: StackConfig, progress: Progress): Promise<string> {
  const { motoServer } = toolPaths(config);
  if (fs.existsSync(motoServer)) return motoServer;
  if (!hasCommand('python3')) throw new MissingPrerequisiteError(missingPrerequisiteMessage('python3'));
  const logDir = path.join(config.stateDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  await runSteps(progress, [
    {
      label: `installing moto ${config.versions.moto} (AWS emulator) from PyPI (first run only)`,
      run: () => installMoto(config, path.join(logDir, 'install-moto.log')),
    },
  ]);
  return motoServer;
}

async function installMinistack(config: StackConfig, logFile: string): Promise<void> {
  const version = config.versions.ministack;
  await installPythonTool(
    path.join(config.cacheDir, `ministack-${version}`),
    `ministack==${version}`,
    logFile,
  );
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
      label: `building the Temporal CLI ${config.versions.temporalCli} from the Go module proxy (first run only, 10 to 15 minutes)`,
      log: 'install-temporal.log',
    },
    {
      present: fs.existsSync(paths.kafkaClasspath),
      commands: ['java', 'mvn'],
      install: installKafka,
      label: `fetching Apache Kafka ${config.versions.kafka} from Maven Central (first run only)`,
      log: 'install-kafka.log',
    },
    config.awsEmulator === 'moto'
      ? {
          present: fs.existsSync(paths.motoServer),
          commands: ['python3'],
          install: installMoto,
          label: `installing moto ${config.versions.moto} (AWS emulator) from PyPI (first run only)`,
          log: 'install-moto.log',
        }
      : {
          present: fs.existsSync(path.join(path.dirname(paths.ministack), 'ministack')),
          commands: ['python3'],
          install: installMinistack,
          label: `installing MiniStack ${config.versions.ministack} (AWS emulator) from PyPI (first run only)`,
          log: 'install-ministack.log',
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
