package dev.latchkey.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A non-unique index for the embedded MongoDB, which mongo-java-server only accepts and
 * ignores: without it, every query on such a field read the whole collection (the
 * scanner's latest assessment of an integration, its due schedule, the vault's pending
 * sweep), so each cost more the more was stored.
 * <p>
 * It is kept in memory, on the index's first field only, and built from the stored
 * documents when the collection is opened (mongo-java-server fills an empty index as it
 * adds it). It answers equality, {@code $eq}, {@code $in} and ranges ({@code $lt},
 * {@code $lte}, {@code $gt}, {@code $gte}) on plain values with the documents that may
 * match; the collection then matches the whole query against each (and sorts, skips and
 * limits as it would after a full read), so an answer is always the one a full read
 * gives. A range takes every key between its bounds in mongo-java-server's order of all
 * values, a superset of the values of the bound's type. An array is indexed by each of
 * its elements; a missing or null field is not indexed (the index never answers a query
 * for null, {@code $ne}, {@code $nin}, {@code $exists} or anything else).
 * <p>
 * Positions are the H2 backend's, the documents' {@code _id} values.
 */
final class SecondaryIndex extends Index<Object> {

	private static final Set<String> OPERATORS = Set.of("$eq", "$in", "$lt", "$lte", "$gt", "$gte");

	private final String field;

	private final NavigableMap<Object, Set<Object>> positions = new ConcurrentSkipListMap<>(ValueComparator.asc());

	/** Documents without a value to index, so that {@link #remove} still knows them. */
	private final Set<Object> unkeyed = ConcurrentHashMap.newKeySet();

	/** Whether any document has held an array in the field (never reset). */
	private volatile boolean multikey;

	SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
		this.field = keys.get(0).getKey();
	}

	@Override
	public boolean canHandle(Document query) {
		Object condition = query.get(this.field);
		if (plain(condition)) {
			return true;
		}
		if (!(condition instanceof Document operators) || operators.isEmpty()) {
			return false;
		}
		for (Map.Entry<String, Object> operator : operators.entrySet()) {
			if (!OPERATORS.contains(operator.getKey())) {
				return false;
			}
			Object operand = operator.getValue();
			boolean handled = operator.getKey().equals("$in") ? operand instanceof Collection<?> values
					&& !values.isEmpty() && values.stream().allMatch(SecondaryIndex::plain) : plain(operand);
			if (!handled) {
				return false;
			}
		}
		return true;
	}

	@Override
	public Iterable<Object> getPositions(Document query) {
		Object condition = query.get(this.field);
		// A document indexed under several elements of an array is found once.
		Set<Object> found = new LinkedHashSet<>();
		if (!(condition instanceof Document operators)) {
			collect(this.positions.get(normalize(condition)), found);
			return new ArrayList<>(found);
		}
		if (operators.containsKey("$eq") || operators.containsKey("$in")) {
			// Equality narrows more than any range beside it.
			Collection<?> values = operators.containsKey("$eq") ? List.of(operators.get("$eq"))
					: (Collection<?>) operators.get("$in");
			for (Object value : values) {
				collect(this.positions.get(normalize(value)), found);
			}
			return new ArrayList<>(found);
		}
		Object lower = operators.containsKey("$gt") ? operators.get("$gt") : operators.get("$gte");
		Object upper = operators.containsKey("$lt") ? operators.get("$lt") : operators.get("$lte");
		NavigableMap<Object, Set<Object>> range = this.positions;
		if (lower != null) {
			range = range.tailMap(normalize(lower), true);
		}
		// Both bounds only where no document holds an array here: [1, 10] matches
		// {$gt: 3, $lt: 5}, one element each bound, yet has none between them.
		if (upper != null && (lower == null || !this.multikey)) {
			Object to = normalize(upper);
			if (lower != null && ValueComparator.asc().compare(normalize(lower), to) > 0) {
				return List.of();
			}
			range = range.headMap(to, true);
		}
		for (Set<Object> at : range.values()) {
			collect(at, found);
		}
		return new ArrayList<>(found);
	}

	@Override
	public void checkAdd(Document document, MongoCollection<Object> collection) {
		// Not unique: nothing to refuse.
	}

	@Override
	public void add(Document document, Object position, MongoCollection<Object> collection) {
		Set<Object> keys = keysOf(document);
		if (keys.isEmpty()) {
			this.unkeyed.add(position);
		}
		for (Object key : keys) {
			this.positions.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(position);
		}
	}

	@Override
	public Object remove(Document document) {
		Object position = document.get("_id");
		Set<Object> keys = keysOf(document);
		if (keys.isEmpty()) {
			return this.unkeyed.remove(position) ? position : null;
		}
		boolean removed = false;
		for (Object key : keys) {
			removed |= removeFrom(key, position);
		}
		return removed ? position : null;
	}

	@Override
	public Object getPosition(Document document) {
		// The unique indexes say where a document is.
		return null;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
		// Not unique: nothing to refuse.
	}

	@Override
	public void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		Set<Object> before = keysOf(oldDocument);
		Set<Object> after = keysOf(newDocument);
		if (before.equals(after)) {
			return;
		}
		if (before.isEmpty()) {
			this.unkeyed.remove(position);
		}
		for (Object key : before) {
			removeFrom(key, position);
		}
		add(newDocument, position, collection);
	}

	@Override
	public long getCount() {
		return this.unkeyed.size() + this.positions.values().stream().mapToLong(Set::size).sum();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

	@Override
	public void drop() {
		this.positions.clear();
		this.unkeyed.clear();
	}

	private boolean removeFrom(Object key, Object position) {
		Set<Object> at = this.positions.get(key);
		if (at == null || !at.remove(position)) {
			return false;
		}
		if (at.isEmpty()) {
			this.positions.remove(key, at);
		}
		return true;
	}

	/** The normalised values the document is indexed by; an array by each element. */
	private Set<Object> keysOf(Document document) {
		Object value = Utils.getSubdocumentValueCollectionAware(document, this.field);
		Set<Object> keys = new LinkedHashSet<>();
		if (value instanceof Collection<?> values) {
			this.multikey = true;
			for (Object element : values) {
				addKey(element, keys);
			}
		}
		else {
			addKey(value, keys);
		}
		return keys;
	}

	private static void addKey(Object value, Set<Object> keys) {
		if (value != null && !(value instanceof Missing)) {
			keys.add(normalize(value));
		}
	}

	/**
	 * Numbers as doubles (as mongo-java-server's own indexes keep them), so that 1 and
	 * 1.0 are one key.
	 */
	private static Object normalize(Object value) {
		if (value instanceof Number number && !(value instanceof Long whole && whole != (long) (double) whole)) {
			double asDouble = number.doubleValue();
			return (asDouble == 0.0) ? 0.0 : asDouble;
		}
		return value;
	}

	private static void collect(Set<Object> at, Set<Object> found) {
		if (at != null) {
			found.addAll(at);
		}
	}

	/**
	 * Values the index compares as mongo-java-server does: no documents, arrays or
	 * regular expressions.
	 */
	private static boolean plain(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Instant
				|| value instanceof ObjectId || value instanceof UUID || value instanceof Boolean;
	}

}
