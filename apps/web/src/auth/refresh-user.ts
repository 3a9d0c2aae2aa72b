// After a mailed link changed the account (verified or new address), the signed-in browser reads
// the profile again, so the banner, the header and the account page show the change at once.
import { useServices } from '../app-providers';
import { useTRPC } from '../trpc/trpc';

export function useRefreshUser(): () => Promise<void> {
  const trpc = useTRPC();
  const { session, queryClient } = useServices();
  return async () => {
    if (session.getState().status !== 'signed-in') return;
    const user = await queryClient.query({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
    session.setUser(user);
  };
}
