package dev.latchkey.mongo;

import com.mongodb.MongoClientSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every MongoDB client Boot builds (blocking or reactive) writes with
 * {@link DurableWriteConcern}, so that a write the service was told succeeded survives
 * the loss of the primary and a crash of the server.
 */
@AutoConfiguration(before = { MongoAutoConfiguration.class, MongoReactiveAutoConfiguration.class })
@ConditionalOnClass({ MongoClientSettings.class, MongoClientSettingsBuilderCustomizer.class })
public class DurableWritesAutoConfiguration {

	@Bean
	DurableWriteConcern durableWriteConcern() {
		return new DurableWriteConcern();
	}

}
