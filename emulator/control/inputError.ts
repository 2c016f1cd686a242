/**
 * A bad control-API request or bad emulator option: answered with HTTP 400 and
 * this message (or thrown from `startEmulator`), never a crash. `field` is the
 * JSON path at fault, e.g. `timeline.phases[1].durationMs`.
 */
export class EmulatorInputError extends Error {
  override readonly name = "EmulatorInputError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
