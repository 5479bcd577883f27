import { createContext, useContext } from 'react';

/**
 * Lets what sits inside `/pages/:id` ask the screen to load the page again, e.g. after archiving
 * or restoring it, which switches between the editor and the read-only archived view.
 */
export const PageScreenContext = createContext<{ reload: () => void }>({ reload: () => {} });

export const usePageScreen = () => useContext(PageScreenContext);
