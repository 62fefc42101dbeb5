import { addLogSink, setConsoleOutput, type LogRecord } from '../../src/lib/logging';

export interface CapturedLogs {
  /** Every record logged since the capture began, oldest first. */
  readonly records: LogRecord[];
  /** Ends the capture and puts the console output back. */
  stop(): void;
}

/** The process's log records from now on, collected instead of printed, until `stop()`. */
export function captureLogs(): CapturedLogs {
  const records: LogRecord[] = [];
  const removeSink = addLogSink((record) => records.push(record));
  setConsoleOutput(false);
  return {
    records,
    stop() {
      removeSink();
      setConsoleOutput(true);
    },
  };
}
