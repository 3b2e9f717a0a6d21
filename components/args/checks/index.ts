/** Every single-value check, keyed like the stack config keys (and `RuleFacts`). */
import { images } from "./images";
import { locations } from "./locations";
import { names } from "./names";
import { quantities } from "./quantities";
import { ranges } from "./ranges";
import { schedules } from "./schedules";

export { Check } from "./check";
export { images, locations, names, quantities, ranges, schedules };

export const valueChecks = { ...ranges, ...names, ...quantities, ...schedules, ...images, ...locations };
