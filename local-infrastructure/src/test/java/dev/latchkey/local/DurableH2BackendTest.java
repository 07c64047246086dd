package dev.latchkey.local;

import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurableH2BackendTest {

	@ParameterizedTest
	@ValueSource(strings = { "insert", "update", "delete", "findAndModify", "findandmodify", "createIndexes",
			"dropIndexes", "create", "drop", "dropDatabase", "renameCollection", "someFutureCommand" })
	void waitsForACommitAfterCommandsThatMayChangeData(String command) {
		assertThat(DurableH2Backend.changesData(command, new Document(command, "items"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "find", "getMore", "count", "distinct", "listIndexes", "listCollections", "hello",
			"isMaster", "ismaster", "ping", "buildInfo", "endSessions", "killCursors" })
	void answersReadsAtOnce(String command) {
		assertThat(DurableH2Backend.changesData(command, new Document(command, "items"))).isFalse();
	}

	@Test
	void anAggregationIsAWriteOnlyWhenItWritesItsOutput() {
		Document match = new Document("$match", new Document("state", "new"));

		assertThat(DurableH2Backend.changesData("aggregate", aggregate(List.of(match)))).isFalse();
		assertThat(DurableH2Backend.changesData("aggregate", aggregate(List.of(match, new Document("$out", "copy")))))
			.isTrue();
		assertThat(DurableH2Backend.changesData("aggregate",
				aggregate(List.of(match, new Document("$merge", new Document("into", "copy"))))))
			.isTrue();
	}

	private static Document aggregate(List<Document> pipeline) {
		return new Document("aggregate", "items").append("pipeline", pipeline);
	}

}
