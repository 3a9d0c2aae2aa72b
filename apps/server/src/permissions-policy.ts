// The Permissions-Policy header: the browser features Tasklane does not use are switched off for
// its pages and for anything they embed, so an injected script or a framed page cannot ask the
// person for their camera, location or payment details in Tasklane's name.
import type { FastifyInstance } from 'fastify';

/** `()`: no one; `(self)`: the app's own pages only, never a frame from elsewhere. */
const FEATURES: Readonly<Record<string, '()' | '(self)'>> = {
  accelerometer: '()',
  autoplay: '()',
  bluetooth: '()',
  'browsing-topics': '()',
  camera: '()',
  'display-capture': '()',
  'encrypted-media': '()',
  fullscreen: '(self)',
  geolocation: '()',
  gyroscope: '()',
  hid: '()',
  'idle-detection': '()',
  magnetometer: '()',
  microphone: '()',
  midi: '()',
  payment: '()',
  'picture-in-picture': '()',
  'publickey-credentials-get': '()',
  'screen-wake-lock': '()',
  serial: '()',
  usb: '()',
  'web-share': '(self)',
  'xr-spatial-tracking': '()',
};

export const PERMISSIONS_POLICY = Object.entries(FEATURES)
  .map(([feature, allowlist]) => `${feature}=${allowlist}`)
  .join(', ');

/** Sends the policy on every response, as helmet does its headers (errors and 404s included). */
export function registerPermissionsPolicy(app: FastifyInstance): void {
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
}
