export { EXPECTED_COMMAND_NAMES } from './expected-commands';
export {
  runSelfTest,
  readSelfTestStatus,
  compareCommandSets,
  SelfTestError,
  type SelfTestChecks,
  type SelfTestStatus,
  type SelfTestReport,
} from './self-test';
export { botSelfTestChecks, databaseCheck, redisCheck, gatewayCheck, registeredCommandsOf } from './discord-checks';
