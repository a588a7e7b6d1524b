import { useEffect, useState } from 'react';

/** How many times the window got the focus back since the component mounted (a reload key). */
export function useFocusCount(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const onFocus = () => setCount((n) => n + 1);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);
  return count;
}
