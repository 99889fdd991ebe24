/**
 * zod/mini loads no locale (the classic build registers English for every
 * import, with its method-per-instance schemas that no bundler can trim):
 * without this, every field error would read "Invalid input". Imported by the
 * validator, so any route that validates gets English messages.
 */
import { config } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

config(en());
