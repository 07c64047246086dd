package dev.latchkey.admin.importer;

/**
 * A row that cannot be imported (or need not be). The message names the problem and
 * fields, never a value: it ends up in the report.
 */
final class RowFailure extends Exception {

	private final Problem problem;

	RowFailure(Problem problem, String detail) {
		super(detail, null, false, false);
		this.problem = problem;
	}

	Problem problem() {
		return this.problem;
	}

	String detail() {
		return getMessage();
	}

}
