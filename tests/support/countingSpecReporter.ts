import * as fs from "node:fs";
import Mocha from "mocha";

/** Counts of one mocha run, as written by CountingSpecReporter. */
interface LayerCounts {
  passes: number;
  failures: number;
  pending: number;
}

/**
 * Mocha's usual Spec output, plus the run's counts written as JSON to the file named by
 * `--reporter-option countsFile=<path>`: scripts/test runs every layer in its own mocha process and
 * adds the files up into one summary line.
 */
class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const countsFile: unknown = options.reporterOptions?.["countsFile"];
    if (typeof countsFile !== "string" || countsFile === "") {
      throw new Error(
        `Expected \`countsFile\` reporter option to name a file, got ${JSON.stringify(countsFile)}; ` +
          "pass --reporter-option countsFile=<path>",
      );
    }
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const counts: LayerCounts = {
        passes: this.stats.passes,
        failures: this.stats.failures,
        pending: this.stats.pending,
      };
      fs.writeFileSync(countsFile, `${JSON.stringify(counts)}\n`);
    });
  }
}

export = CountingSpecReporter;
