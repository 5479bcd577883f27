/** Patient-identifier detection shared by the editor (live underline) and the server (submission guard). */
export {};
