/** What every element says while a lazy arena holds its runtime asleep (before the match is in view and no command has woken it). */
export const ASLEEP_TEXT = 'Starts when the match is in view';
