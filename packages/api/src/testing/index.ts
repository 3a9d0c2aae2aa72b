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
