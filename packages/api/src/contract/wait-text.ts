// How a wait reads in a refusal ("30 seconds", "5 minutes"), the same in the server's messages
// and in what a client shows.

/** Up to 89 seconds in seconds, longer waits in whole minutes rounded up. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
