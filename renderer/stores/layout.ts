// Window layout state: whether the navigation drawer is open (narrow windows, below 600 px, where
// the sidebar is not shown beside the view).
import { create } from 'zustand';
import { onRouteChange } from '../lib/router.ts';

export const useLayout = create<{ navOpen: boolean }>(() => ({ navOpen: false }));

export const layoutActions = {
  toggleNav(): void {
    useLayout.setState((s) => ({ navOpen: !s.navOpen }));
  },
  closeNav(): void {
    if (useLayout.getState().navOpen) useLayout.setState({ navOpen: false });
  },
};

export const useNavOpen = (): boolean => useLayout((s) => s.navOpen);

onRouteChange(() => layoutActions.closeNav());
