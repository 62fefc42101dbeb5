export { LogForwarder, DEFAULT_LOG_BUFFER_CAPACITY, type LogForwarderOptions } from './forwarder';
export { formatLogLine, redactForDiscord, MAX_MESSAGE_LENGTH } from './format';
export { installLogForwarder, installedLogForwarder, uninstallLogForwarder } from './installed';
export { forwardLogBatches, type LogChannelTarget, type ForwardOutcome } from './send';
