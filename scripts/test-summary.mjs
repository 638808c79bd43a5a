// Prints the closing line CI reads, from vitest's JSON report, and fails on any failure.
import { readFileSync, existsSync } from "node:fs";

const file = process.argv[2];
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed");
  console.error(`no vitest report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
const suitesFailed = report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
console.log(`tests: ${report.numPassedTests} passed, ${failed + suitesFailed} failed`);
process.exit(failed + suitesFailed > 0 || report.numPassedTests === 0 || !report.success ? 1 : 0);
