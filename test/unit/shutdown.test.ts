import { onShutdownSignal } from '../../src/workers/shutdown';
import { createLogger } from '../../src/logger';

const logger = createLogger('silent', 'test');

describe('shutdown signals', () => {
  let exit: jest.SpyInstance;
  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  });
  afterEach(() => exit.mockRestore());

  it('stops once when Ctrl-C arrives twice at once (terminal and npm), and does not force the exit', async () => {
    let clock = 0;
    const stops: string[] = [];
    const dispose = onShutdownSignal(
      logger,
      async (signal) => void stops.push(signal),
      () => clock,
    );
    process.emit('SIGINT', 'SIGINT');
    clock += 5;
    process.emit('SIGINT', 'SIGINT');
    await Promise.resolve();
    expect(stops).toEqual(['SIGINT']);
    expect(exit).not.toHaveBeenCalled();
    dispose();
  });

  it('a signal sent again later forces the exit', () => {
    let clock = 0;
    const dispose = onShutdownSignal(
      logger,
      () => new Promise<void>(() => undefined),
      () => clock,
    );
    process.emit('SIGTERM', 'SIGTERM');
    clock += 2_000;
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(130);
    dispose();
  });
});
