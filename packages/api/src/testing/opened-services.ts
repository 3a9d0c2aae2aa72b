// Services a suite's tests open on its database, closed after each test: a test that needs
// services of its own (a clock, limits, several instances on one database) opens them here and
// the suite's afterEach closes them, so no instance's subscription or timers outlive the test,
// not even when an assertion failed before the test's end.
import type { TestDatabase } from '@tasklane/db/testing';

import type { ApiServices, AuthConfig } from '../context';
import { createTestServices, type TestServicesOptions } from './test-context';

export interface OpenedServices {
  /** Services on the suite's database as `createTestServices` builds them, closed by `closeAll`. */
  open(options?: TestServicesOptions, auth?: Partial<AuthConfig>): Promise<ApiServices>;
  /** Closes every service opened since the last call: for the suite's afterEach. */
  closeAll(): Promise<void>;
}

/** `database` is the suite's, as `describeEachDatabase` gives it: read only inside a test. */
export function openedServices(database: () => TestDatabase): OpenedServices {
  const opened: ApiServices[] = [];
  return {
    async open(options = {}, auth = {}) {
      const services = await createTestServices(database().db, auth, options);
      opened.push(services);
      return services;
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((services) => services.close()));
    },
  };
}
