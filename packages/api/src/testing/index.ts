export {
  callerFor,
  createTestServices,
  recordingResponse,
  signedInTestUser,
  testAuthConfig,
  testRequest,
  type RecordedResponse,
  type SignedInTestUser,
  type TestServicesOptions,
} from './test-context';
export { openedServices, type OpenedServices } from './opened-services';
export {
  startInProcessApi,
  type InProcessApi,
  type InProcessApiOptions,
  type InProcessUser,
  type ProcedureCall,
} from './in-process-api';
export { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from './smtp-test-server';
export { pruneTaskEvents } from '../events/task-event-log';
