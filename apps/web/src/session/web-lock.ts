// Serialises session refreshes across this origin's tabs where the browser has Web Locks: a
// refresh token rotates, and the same cookie sent twice would revoke the session.
export function webLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return task();
  return navigator.locks.request('tasklane-session-refresh', task);
}
