/** Errors the migrator raises; each names the file so an operator knows where to look. */

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly databaseMessage: string,
  ) {
    super(`${file}:${line}: ${databaseMessage}`);
    this.name = 'MigrationError';
  }
}

export class ChangedFileError extends Error {
  constructor(
    readonly file: string,
    readonly appliedSha256: string,
    readonly currentSha256: string,
  ) {
    super(
      `${file} was already applied with checksum ${appliedSha256.slice(0, 12)}… but now has ${currentSha256.slice(0, 12)}…; ` +
        'applied files must not change: add a new, later-numbered file instead.',
    );
    this.name = 'ChangedFileError';
  }
}
