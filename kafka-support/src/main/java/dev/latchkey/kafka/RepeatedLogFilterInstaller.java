package dev.latchkey.kafka;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Installs {@link RepeatedLogFilter} once Spring Boot has configured Logback (which
 * resets the context), so every service gets it without a logback file of its own.
 */
public class RepeatedLogFilterInstaller implements ApplicationListener<ApplicationPreparedEvent> {

	static final int BURST = 5;

	static final long WINDOW_SECONDS = 60;

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (factory instanceof LoggerContext context
				&& context.getTurboFilterList().stream().noneMatch(RepeatedLogFilter.class::isInstance)) {
			RepeatedLogFilter filter = new RepeatedLogFilter(BURST, TimeUnit.SECONDS.toNanos(WINDOW_SECONDS),
					System::nanoTime);
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

}
