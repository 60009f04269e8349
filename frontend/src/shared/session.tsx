// The signed-in user, shared by every page.
import { createContext, useContext } from 'react';
import type { User } from '../api/client';

export interface SessionState {
  user: User | null;
  setUser: (u: User | null) => void;
}

export const SessionContext = createContext<SessionState>({ user: null, setUser: () => {} });

export function useSession(): SessionState {
  return useContext(SessionContext);
}
