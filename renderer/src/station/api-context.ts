import { createContext, useContext } from 'react';
import type { VigilApi } from '../../../shared/ipc/contract';

/** The station API for components that perform operator actions. */
export const ApiContext = createContext<VigilApi | null>(null);

export function useVigilApi(): VigilApi | null {
  return useContext(ApiContext);
}
