import { spawnSync } from 'node:child_process';

export class MissingPrerequisiteError extends Error {
  override readonly name = 'MissingPrerequisiteError';
}

const HINTS: Record<string, string> = {
  go: 'install Go 1.22 or newer (Debian: apt-get install golang) to build the Temporal dev server',
  java: 'install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless) to run Kafka',
  mvn: 'install Maven (Debian: apt-get install maven) to fetch the Kafka jars from Maven Central',
  python3:
    'install Python 3.10+ with venv (Debian: apt-get install python3 python3-venv) to run the AWS emulator',
};

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function missingPrerequisiteMessage(command: string): string {
  return `missing prerequisite "${command}": ${HINTS[command] ?? 'install it'}`;
}
