/** The five workers; piece names double as BullMQ job names. */
export const TASK_NAMES = {
  staleRaids: 'staleRaids',
  voiceXp: 'voiceXp',
  selfTest: 'selfTest',
  backup: 'backup',
  logForwarder: 'logForwarder',
} as const;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    staleRaids: never;
    voiceXp: never;
    selfTest: never;
    backup: never;
    logForwarder: never;
  }
}
