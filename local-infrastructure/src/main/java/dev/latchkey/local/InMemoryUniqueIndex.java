package dev.latchkey.local;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * A unique index of the embedded MongoDB (the {@code _id} index too) kept in memory and
 * built from the stored documents when a collection is opened, instead of in an H2 map.
 * <p>
 * The H2 backend's index maps compare their keys by Java-serialising both (mongo-java-
 * server's {@code KeyValue} is not {@code Comparable}): every lookup serialised about
 * twenty keys, and every commit wrote the changed index pages. Here a lookup is a hash
 * lookup, and a commit writes documents only. The index is derived data: the documents
 * are what is durable, and an index built from them at every start can never disagree
 * with them after a crash.
 * <p>
 * Positions are the H2 backend's, the documents' {@code _id} values.
 */
final class InMemoryUniqueIndex extends AbstractUniqueIndex<Object> {

	private final Map<KeyValue, Object> positions = new ConcurrentHashMap<>();

	InMemoryUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
	}

	@Override
	protected Object removeDocument(KeyValue keyValue) {
		return this.positions.remove(keyValue);
	}

	@Override
	protected boolean putKeyPosition(KeyValue keyValue, Object position) {
		return this.positions.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
	}

	@Override
	protected Iterable<Entry<KeyValue, Object>> getIterable() {
		return this.positions.entrySet();
	}

	@Override
	protected Object getPosition(KeyValue keyValue) {
		return this.positions.get(keyValue);
	}

	@Override
	public long getCount() {
		return this.positions.size();
	}

	@Override
	public boolean isEmpty() {
		return this.positions.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

}
