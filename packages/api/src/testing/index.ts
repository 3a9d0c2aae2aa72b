export {
  callerFor,
  createTestServices,
  recordingResponse,
  signedInTestUser,
  testAuthConfig,
  testRequest,
  type RecordedResponse,
  type SignedInTestUser,
} from './test-context';
export {
  startInProcessApi,
  type InProcessApi,
  type InProcessApiOptions,
  type InProcessUser,
  type ProcedureCall,
} from './in-process-api';
export { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from './smtp-test-server';
export { pruneTaskEvents } from '../events/task-event-log';
