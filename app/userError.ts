/**
 * An error whose message is one sentence fit to show a person as is (a missing folder, an
 * unwritable database, a missing ffmpeg). The CLI prints these without a stack and exits 2.
 */
export class UserError extends Error {}
