/** Which level npm start's handlers log at. */
import { describe, expect, it } from 'vitest';
import { localLogLevel } from '../../local/log-level.js';

describe('the local log level', () => {
  it('is WARN unless set, LOG_LEVEL when set, and POWERTOOLS_LOG_LEVEL over LOG_LEVEL', () => {
    expect(localLogLevel({})).toBe('WARN');
    expect(localLogLevel({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(localLogLevel({ LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'SILENT' })).toBe('SILENT');
  });

  it('refuses a level the logger does not know, naming the variable', () => {
    expect(() => localLogLevel({ LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL=LOUD is not a log level; use one of TRACE, DEBUG, INFO, WARN/);
  });

});
