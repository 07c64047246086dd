package dev.latchkey.admin.importer;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bars of an import (rows, then verdicts): rate and ETA, on standard error.
 */
final class Progress {

	private Progress() {
	}

	static ProgressBar bar(String task, long total, PrintStream out) {
		return new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(Math.max(1, total))
			.setStyle(ProgressBarStyle.ASCII)
			.setConsumer(new ConsoleProgressBarConsumer(out))
			.showSpeed()
			.setUnit(" rows", 1)
			.setUpdateIntervalMillis(250)
			.build();
	}

}
