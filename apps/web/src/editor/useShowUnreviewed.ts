import { useCallback, useState } from 'react';

const STORAGE_KEY = 'rounds.showUnreviewed';

function read(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== 'false';
  } catch {
    return true;
  }
}

/** Whether unreviewed blocks are marked in the margin; remembered on this device. */
export function useShowUnreviewed(): [boolean, (show: boolean) => void] {
  const [show, setShow] = useState(read);
  const update = useCallback((next: boolean) => {
    setShow(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  return [show, update];
}
