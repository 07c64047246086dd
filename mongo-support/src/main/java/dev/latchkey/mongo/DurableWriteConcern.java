package dev.latchkey.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Write concern {@code majority} with journal: a write is acknowledged once a majority of
 * the replica set has it in its on-disk journal, so neither a failover (which could roll
 * back a write only the old primary had) nor a crash of the server loses it. The services
 * commit their Kafka offsets right after such a write, so it must not be lost afterwards.
 * <p>
 * Applied before Boot's own customizer, which applies {@code spring.mongodb.uri}: write
 * concern options in the connection string ({@code w}, {@code journal},
 * {@code wtimeoutMS}) replace this default, for the rare server that needs something
 * else.
 */
class DurableWriteConcern implements MongoClientSettingsBuilderCustomizer, Ordered {

	static final WriteConcern WRITE_CONCERN = WriteConcern.MAJORITY.withJournal(true);

	@Override
	public void customize(MongoClientSettings.Builder settings) {
		settings.writeConcern(WRITE_CONCERN);
	}

	@Override
	public int getOrder() {
		// Boot's StandardMongoClientSettingsBuilderCustomizer has order 0.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
