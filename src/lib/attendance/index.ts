export * from './presence';
export { VoiceLog, VOICE_LOG_TTL_S, MAX_LOGGED_INTERVALS } from './voice-log';
export { VoiceAttendance, VOICE_READ_TIMEOUT_MS } from './service';
